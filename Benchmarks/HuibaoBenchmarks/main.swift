import Foundation

BenchmarkCommand.run(arguments: Array(CommandLine.arguments.dropFirst()))
