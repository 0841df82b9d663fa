import ArgumentParser
import HuibaoServer

/// The `huibao-server` executable: everything is in `HuibaoServer`.
@main
struct HuibaoServerMain {
    static func main() async {
        await ServerCommand.mainInUserLanguage()
    }
}
