#!/bin/sh
# A certbot deploy hook: certbot runs it after each certificate it renews, with
# RENEWED_LINEAGE set to that certificate's folder in /etc/letsencrypt/live/.
# Install it as /etc/letsencrypt/renewal-hooks/deploy/twisted-site, executable.
# Not run by this guide's tests: it needs a public name, Let's Encrypt and root.
set -e
case "$RENEWED_LINEAGE" in
    */example.com)
        # The ssl: endpoint reads its files once, at start: restart to use the
        # new ones (example-site.service stands for your site's systemd unit).
        systemctl restart example-site.service
        ;;
esac
