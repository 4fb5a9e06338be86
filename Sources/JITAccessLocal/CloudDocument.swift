import JITAccessCore

/// The cloud file as written on disk: one organization, its folders and projects, groups, and an
/// IAM policy per resource.
///
/// The file is plain JSON, meant to be read and edited by people:
///
/// ```json
/// {
///   "organization": {"id": "100000000001", "displayName": "example.com",
///                    "policy": {"version": 3, "etag": "BwX...", "bindings": [...]}},
///   "folders":  [{"id": "200000000001", "displayName": "Production",
///                 "parent": "organizations/100000000001", "policy": {...}}],
///   "projects": [{"id": "prod-db", "number": "300000000001",
///                 "parent": "folders/200000000001", "policy": {...}}],
///   "groups":   [{"email": "dbas@example.com",
///                 "members": ["user:alice@example.com", "group:oncall@example.com"]}]
/// }
/// ```
///
/// - `organization.id` and folder ids are numbers written as strings; project ids follow Google's
///   project id syntax (6 to 30 lower-case letters, digits and hyphens); a project's `number`
///   is optional.
/// - `parent` is `organizations/ID` or `folders/ID` and must name a resource in the same file;
///   folders may nest but not in a cycle.
/// - `policy` is an IAM policy exactly as Resource Manager's `getIamPolicy` returns it; a missing
///   policy is an empty one. Members are `user:EMAIL`, `group:EMAIL`, `serviceAccount:EMAIL`,
///   `domain:NAME` (or Google's other member kinds); roles are `roles/NAME`,
///   `projects/ID/roles/NAME` or `organizations/ID/roles/NAME`; a `condition` needs an
///   `expression`.
/// - `etag` changes with every write jitaccess makes. A policy without one gets an etag derived
///   from its content. When editing a policy by hand while jitaccess runs, delete its `etag`
///   so that a concurrent write based on the old policy fails instead of undoing the edit.
/// - Groups hold `user:`, `serviceAccount:` and `group:` members; groups may contain groups, but
///   not in a cycle. A group that is not listed has no members.
/// - Fields jitaccess does not know are kept when it writes the file. It writes the file
///   indented by two spaces, with fields in a fixed order (unknown ones last, alphabetically);
///   formatting and comments of a hand-written file are not kept.
struct CloudDocument: Sendable, Codable {
    var organization: ResourceEntry?
    var folders: [ResourceEntry]
    var projects: [ResourceEntry]
    var groups: [GroupEntry]
    var extra: [String: JSONValue]

    init(organization: ResourceEntry?, folders: [ResourceEntry], projects: [ResourceEntry], groups: [GroupEntry], extra: [String: JSONValue] = [:]) {
        self.organization = organization
        self.folders = folders
        self.projects = projects
        self.groups = groups
        self.extra = extra
    }

    private static let known: Set<String> = ["organization", "folders", "projects", "groups"]

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: FieldKey.self)
        organization = try container.decodeIfPresent(ResourceEntry.self, forKey: FieldKey("organization"))
        folders = try container.decodeIfPresent([ResourceEntry].self, forKey: FieldKey("folders")) ?? []
        projects = try container.decodeIfPresent([ResourceEntry].self, forKey: FieldKey("projects")) ?? []
        groups = try container.decodeIfPresent([GroupEntry].self, forKey: FieldKey("groups")) ?? []
        extra = try container.unknownFields(except: Self.known)
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: FieldKey.self)
        try container.encodeIfPresent(organization, forKey: FieldKey("organization"))
        try container.encode(folders, forKey: FieldKey("folders"))
        try container.encode(projects, forKey: FieldKey("projects"))
        try container.encode(groups, forKey: FieldKey("groups"))
        try container.encodeUnknownFields(extra)
    }
}

/// An organization, folder or project of the cloud file.
struct ResourceEntry: Sendable, Codable {
    var id: String
    var displayName: String?
    /// The project number; only projects have one.
    var number: String?
    /// `organizations/ID` or `folders/ID`; the organization has none.
    var parent: String?
    var policy: IAMPolicy?
    var extra: [String: JSONValue]

    init(id: String, displayName: String? = nil, number: String? = nil, parent: String? = nil, policy: IAMPolicy? = nil, extra: [String: JSONValue] = [:]) {
        self.id = id
        self.displayName = displayName
        self.number = number
        self.parent = parent
        self.policy = policy
        self.extra = extra
    }

    private static let known: Set<String> = ["id", "displayName", "number", "parent", "policy"]

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: FieldKey.self)
        id = try container.decode(String.self, forKey: FieldKey("id"))
        displayName = try container.decodeIfPresent(String.self, forKey: FieldKey("displayName"))
        number = try container.decodeIfPresent(String.self, forKey: FieldKey("number"))
        parent = try container.decodeIfPresent(String.self, forKey: FieldKey("parent"))
        policy = try container.decodeIfPresent(IAMPolicy.self, forKey: FieldKey("policy"))
        extra = try container.unknownFields(except: Self.known)
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: FieldKey.self)
        try container.encode(id, forKey: FieldKey("id"))
        try container.encodeIfPresent(displayName, forKey: FieldKey("displayName"))
        try container.encodeIfPresent(number, forKey: FieldKey("number"))
        try container.encodeIfPresent(parent, forKey: FieldKey("parent"))
        try container.encodeIfPresent(policy, forKey: FieldKey("policy"))
        try container.encodeUnknownFields(extra)
    }
}

/// A group of the cloud file and its direct members.
struct GroupEntry: Sendable, Codable {
    var email: String
    var members: [String]
    var extra: [String: JSONValue]

    init(email: String, members: [String], extra: [String: JSONValue] = [:]) {
        self.email = email
        self.members = members
        self.extra = extra
    }

    private static let known: Set<String> = ["email", "members"]

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: FieldKey.self)
        email = try container.decode(String.self, forKey: FieldKey("email"))
        members = try container.decodeIfPresent([String].self, forKey: FieldKey("members")) ?? []
        extra = try container.unknownFields(except: Self.known)
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: FieldKey.self)
        try container.encode(email, forKey: FieldKey("email"))
        try container.encode(members, forKey: FieldKey("members"))
        try container.encodeUnknownFields(extra)
    }
}

/// A coding key for any field name, so that fields the file format does not know survive.
struct FieldKey: CodingKey, Hashable {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ string: String) { self.stringValue = string }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { return nil }
}

extension KeyedDecodingContainer where Key == FieldKey {
    /// Every field of the object except `known`, as raw JSON.
    func unknownFields(except known: Set<String>) throws -> [String: JSONValue] {
        var extra: [String: JSONValue] = [:]
        for key in allKeys where !known.contains(key.stringValue) {
            extra[key.stringValue] = try decode(JSONValue.self, forKey: key)
        }
        return extra
    }
}

extension KeyedEncodingContainer where Key == FieldKey {
    mutating func encodeUnknownFields(_ extra: [String: JSONValue]) throws {
        for (name, value) in extra {
            try encode(value, forKey: FieldKey(name))
        }
    }
}
