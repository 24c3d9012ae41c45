"""The mistake: Klein imports the reactor, so the default one is in place already."""

from klein import Klein  # noqa: F401
from twisted.internet import asyncioreactor

asyncioreactor.install()  # too late: raises ReactorAlreadyInstalledError
