"""The baseline for launch time: a bare Textual app that draws one line of text."""

from textual.app import App, ComposeResult
from textual.widgets import Static


class BareApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("bare app ready")


if __name__ == "__main__":
    BareApp().run()
