import Foundation
import JITAccessCore

/// A data folder for `jitaccess demo` and the user and project the HTTP load asks about.
struct ServedCloud: Sendable {
    let label: String
    let dataDirectory: String
    let user: String
    let project: String
    let targetRequestsPerSecond: Int

    /// The demo cloud (created by jitaccess itself on first start) and the generated large
    /// cloud (a tenth of its bindings in a quick run), each in its own folder.
    static func all(in context: BenchmarkContext) throws -> [ServedCloud] {
        [try demo(in: context), try large(in: context)]
    }

    static func demo(in context: BenchmarkContext) throws -> ServedCloud {
        ServedCloud(
            label: "demo cloud", dataDirectory: try folder("demo", in: context),
            user: "alice@example.com", project: "prod-db", targetRequestsPerSecond: 8_000
        )
    }

    static func large(in context: BenchmarkContext) throws -> ServedCloud {
        let directory = try folder("large", in: context)
        let cloud = try GeneratedCloud.write(to: directory, bindings: context.quick ? 10_000 : 100_000)
        return ServedCloud(
            label: "large cloud (\(cloud.bindingCount) bindings)", dataDirectory: directory,
            user: cloud.user.email, project: cloud.project.id, targetRequestsPerSecond: 4_000
        )
    }

    private static func folder(_ name: String, in context: BenchmarkContext) throws -> String {
        let path = context.workDirectory + "/" + name
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}
