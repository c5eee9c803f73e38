from taxonomist.cli import main

main()
