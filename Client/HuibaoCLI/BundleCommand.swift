import ArgumentParser
import Foundation
import HuibaoModel
import HuibaoReport
import HuibaoSync

/// `huibao bundle export|import`: sync through removable media.
struct BundleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bundle",
        abstract: "Sync through a file when there is no network (e.g. on a USB stick).",
        discussion: """
            Example:
              huibao bundle export -o /media/usb/某局.bundle
              (HQ: huibao-server bundle import /media/usb/某局.bundle --unit 某局 -o /media/usb/某局.answer)
              huibao bundle import /media/usb/某局.answer
            """,
        subcommands: [Export.self, Import.self]
    )

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export",
            abstract: "Write the unacknowledged changes and what this workspace holds to a file.",
            discussion: """
                The server's administrator imports it (`huibao-server bundle import`) and hands back \
                an answer file for `huibao bundle import`.

                Example:
                  huibao bundle export -o /media/usb/某局.bundle
                """)

        @OptionGroup var options: WorkspaceOptions

        @Option(name: .shortAndLong, help: "The bundle file to write.")
        var output: String

        func run() throws {
            let bytes = try SyncSession(workspace: options.open()).exportBundle()
            try Data(bytes).write(to: URL(fileURLWithPath: output), options: .atomic)
            print(Language.text("已写入 \(output)（\(bytes.count)字节）", "wrote \(output) (\(bytes.count) bytes)"))
        }
    }

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Apply the server's answer file to this workspace.",
            discussion: """
                Received changes are stored and acknowledged ones marked, exactly as after a network sync.

                Example:
                  huibao bundle import /media/usb/某局.answer
                """)

        @OptionGroup var options: WorkspaceOptions

        @Argument(help: "The answer file from `huibao-server bundle import`.")
        var file: String

        func run() throws {
            let bytes = try ReportFile.bytes(of: file)
            let summary = try SyncSession(workspace: options.open()).importAnswer(bytes)
            print(
                Language.text(
                    "服务器已确认\(summary.sent)次修改，收到\(summary.received)次修改",
                    "acknowledged \(summary.sent), received \(summary.received) change(s)"))
        }
    }
}
