from services.validator.app import main

main()
