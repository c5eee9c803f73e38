"""The bottom layer: value types every other layer shares (findings, locations, errors)."""
