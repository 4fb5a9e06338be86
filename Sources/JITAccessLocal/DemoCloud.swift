import JITAccessCore

extension CloudDocument {
    /// The demo cloud: organization example.com with folders Production and Development, four
    /// projects, users alice, bob, carol and dave, nested groups, and eligible bindings of both
    /// kinds, some inherited from a folder and one with a resource condition.
    ///
    /// Who may activate what:
    /// - alice: `roles/compute.viewer` (JIT, from folder Production, via developers) on prod-db
    ///   and prod-web; `roles/cloudsql.viewer` (JIT, direct) and `roles/cloudsql.admin` (MPA, via
    ///   dbas) on prod-db; `roles/storage.objectAdmin` on prod-web for the prod-web-assets
    ///   buckets only; `roles/editor` (JIT) and `roles/owner` (MPA) on dev-sandbox.
    /// - bob and carol: `roles/cloudsql.admin` (MPA, via oncall nested in dbas) on prod-db;
    ///   `roles/logging.viewer` (JIT) on shared-logs.
    /// - dave: what developers may, plus `roles/bigquery.jobUser` (JIT, from folder Development).
    static func demo() -> CloudDocument {
        let organization = "organizations/100000000001"
        let production = "folders/200000000001"
        let development = "folders/200000000002"
        return CloudDocument(
            organization: ResourceEntry(
                id: "100000000001", displayName: "example.com",
                policy: demoPolicy([
                    IAMBinding(role: "roles/viewer", members: ["domain:example.com"]),
                    IAMBinding(role: "roles/iam.securityReviewer", members: ["group:oncall@example.com"], condition: IAMCondition(
                        title: "Not eligible: a top-level || makes the marker meaningless",
                        expression: #"has({}.jitAccessConstraint) || request.time < timestamp("2020-01-01T00:00:00Z")"#
                    )),
                ])
            ),
            folders: [
                ResourceEntry(id: "200000000001", displayName: "Production", parent: organization, policy: demoPolicy([
                    eligible(.jit, "roles/compute.viewer", ["group:developers@example.com"]),
                ])),
                ResourceEntry(id: "200000000002", displayName: "Development", parent: organization, policy: demoPolicy([
                    eligible(.jit, "roles/bigquery.jobUser", ["user:dave@example.com"]),
                ])),
            ],
            projects: [
                ResourceEntry(id: "prod-db", number: "300000000001", parent: production, policy: demoPolicy([
                    eligible(.mpa, "roles/cloudsql.admin", ["group:dbas@example.com"]),
                    eligible(.jit, "roles/cloudsql.viewer", ["user:alice@example.com"]),
                ])),
                ResourceEntry(id: "prod-web", number: "300000000002", parent: production, policy: demoPolicy([
                    eligible(.jit, "roles/storage.objectAdmin", ["group:developers@example.com"],
                             resourceCondition: #"resource.name.startsWith("projects/_/buckets/prod-web-assets")"#),
                ])),
                ResourceEntry(id: "dev-sandbox", number: "300000000003", parent: development, policy: demoPolicy([
                    eligible(.jit, "roles/editor", ["group:developers@example.com"]),
                    eligible(.mpa, "roles/owner", ["group:developers@example.com"]),
                ])),
                ResourceEntry(id: "shared-logs", number: "300000000004", parent: organization, policy: demoPolicy([
                    eligible(.jit, "roles/logging.viewer", ["user:bob@example.com", "user:carol@example.com"]),
                ])),
            ],
            groups: [
                GroupEntry(email: "developers@example.com", members: ["user:alice@example.com", "user:dave@example.com"]),
                GroupEntry(email: "oncall@example.com", members: ["user:bob@example.com", "user:carol@example.com"]),
                GroupEntry(email: "dbas@example.com", members: ["user:alice@example.com", "group:oncall@example.com"]),
            ]
        )
    }

    private static func demoPolicy(_ bindings: [IAMBinding]) -> IAMPolicy {
        IAMPolicy(version: 3, etag: Etag.random(), bindings: bindings)
    }

    /// An eligible binding, written the way an administrator would.
    private static func eligible(_ type: ActivationType, _ role: String, _ members: [String], resourceCondition: String? = nil) -> IAMBinding {
        let marker = type == .mpa ? "has({}.multiPartyApprovalConstraint)" : "has({}.jitAccessConstraint)"
        let title = type == .mpa ? "Eligible for access with peer approval" : "Eligible for JIT access"
        return IAMBinding(role: role, members: members, condition: IAMCondition(
            title: title,
            expression: resourceCondition.map { "\(marker) && \($0)" } ?? marker
        ))
    }
}
