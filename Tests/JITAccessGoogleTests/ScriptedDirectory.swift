import Foundation
import Hummingbird
import NIOCore

/// A stand-in for the Directory API answering from fixed memberships, for what the emulator's
/// cloud file cannot hold: groups in a cycle, suspended users, whole-domain members.
actor ScriptedDirectory {
    private let groupsOf: [String: [String]]
    private let members: [String]
    /// The `memberKey` of every `groups.list`, in order.
    private(set) var asked: [String] = []

    /// Answers `groups.list?query=memberKey=K` with `groupsOf[K]`, and every `members.list`
    /// with `members` (JSON objects), one page each.
    init(groupsOf: [String: [String]] = [:], members: [String] = []) {
        self.groupsOf = groupsOf
        self.members = members
    }

    nonisolated var router: Router<BasicRequestContext> {
        let router = Router()
        router.get("/admin/directory/v1/groups") { request, _ in
            let query = request.uri.queryParameters["query"].map(String.init) ?? ""
            return await self.groups(of: String(query.dropFirst("memberKey=".count)))
        }
        router.get("/admin/directory/v1/groups/:groupKey/members") { _, _ in
            Self.json(#"{"kind":"admin#directory#members","members":[\#(self.members.joined(separator: ","))]}"#)
        }
        return router
    }

    private func groups(of key: String) -> Response {
        asked.append(key)
        let groups = (groupsOf[key] ?? []).map { #"{"email":"\#($0)"}"# }.joined(separator: ",")
        return Self.json(#"{"kind":"admin#directory#groups","groups":[\#(groups)]}"#)
    }

    private static func json(_ text: String) -> Response {
        Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
