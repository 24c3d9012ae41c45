"""The same notes API as a Klein app, on the same NoteStore."""

from klein import Klein

from notes_app import NoteStore, add_note, get_note


def make_app(clock):
    app = Klein()
    store = NoteStore(clock)

    @app.route("/notes", methods=["POST"])
    def post_note(request):
        return add_note(store, request)

    @app.route("/notes/<note_id>", methods=["GET"])
    def show_note(request, note_id):
        return get_note(store, request, note_id)

    return app
