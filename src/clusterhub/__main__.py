from clusterhub.cli import main

main()
