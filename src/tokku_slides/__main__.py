from tokku_slides.cli import main

raise SystemExit(main())
