"""The portal's HTML pages; each module is one part of the citizen journey."""
