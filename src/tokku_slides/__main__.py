from tokku_slides.cli import command

if __name__ == "__main__":  # a spawned chart worker (Windows, macOS) imports the main module too
    raise SystemExit(command())
