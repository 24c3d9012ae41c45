#!/bin/sh
# A certbot deploy hook: certbot runs it after each certificate it renews, with
# RENEWED_LINEAGE set to that certificate's folder in /etc/letsencrypt/live/.
# Install it as /etc/letsencrypt/renewal-hooks/deploy/twisted-site, executable.
# Not run by this guide's tests: it needs a public name, Let's Encrypt and root.
set -e
case "$RENEWED_LINEAGE" in
    */example.com)
        # Twisted reads its certificate once, at start, and systemd copies the
        # files for LoadCredential= at each start: a restart does both.
        systemctl restart example-site.service
        ;;
esac
