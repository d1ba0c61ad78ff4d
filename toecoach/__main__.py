from toecoach.cli import main

main()
