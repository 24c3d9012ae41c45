"""A small Flask application; Twisted Web serves it like any other WSGI application."""

from flask import Flask, render_template_string, request

application = Flask(__name__)

PAGE = "<p>Hello, {{ name }}!</p>\n"


@application.route("/")
def hello():
    # Jinja escapes {{ name }}: Flask turns autoescaping on for string templates
    # and for templates whose names end in .html.
    return render_template_string(PAGE, name=request.args.get("name", "world"))
