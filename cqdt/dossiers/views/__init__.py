"""HTML pages of the one-stop back office (the staff workspace), one module per page group."""
