from revision_cli.cli.main import main

main()
