from toecoach.launch import main

main()
