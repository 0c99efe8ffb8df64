"""Modal screens: small questions asked over the reader."""
