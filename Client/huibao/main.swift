import ArgumentParser
import HuibaoCLI

HuibaoCommand.main()
