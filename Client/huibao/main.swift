import HuibaoCLI

HuibaoCommand.mainInUserLanguage()
