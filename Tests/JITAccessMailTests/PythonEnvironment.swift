import Foundation
import JITAccessCore
@testable import JITAccessMail

/// The e2e suite's virtualenv `.venv-test` with `e2e/requirements.txt` installed, made the way
/// `scripts/test` makes it when missing or out of date. Prepared once per test run.
enum PythonEnvironment {
    static let shared = Task<URL, any Error> { try prepare() }

    private static func prepare() throws -> URL {
        let venv = RepositoryPaths.root.appendingPathComponent(".venv-test")
        let python = venv.appendingPathComponent("bin/python")
        let requirements = RepositoryPaths.root.appendingPathComponent("e2e/requirements.txt")
        let installed = venv.appendingPathComponent(".installed-requirements")
        if !FileManager.default.isExecutableFile(atPath: python.path) {
            try run("/usr/bin/python3", ["-m", "venv", venv.path])
        }
        if (try? Data(contentsOf: installed)) != (try Data(contentsOf: requirements)) {
            try run(venv.appendingPathComponent("bin/pip").path, ["install", "--disable-pip-version-check", "--quiet", "-r", requirements.path])
            try? FileManager.default.removeItem(at: installed)
            try FileManager.default.copyItem(at: requirements, to: installed)
        }
        return python
    }

    private static func run(_ executable: String, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw TestServerError("`\(executable) \(arguments.joined(separator: " "))` failed with status \(process.terminationStatus)")
        }
    }
}
