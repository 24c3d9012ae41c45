# A twist/twistd plugin: the command "greet". Keep this file small: twist imports
# every plugin file to list its commands; greet.py is imported only when used.
from twisted.application.service import ServiceMaker

greet = ServiceMaker(
    "greet", "greet", "Greet whoever the name parameter names.", "greet"
)
