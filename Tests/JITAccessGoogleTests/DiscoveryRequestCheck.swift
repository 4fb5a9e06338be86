import Foundation
import JITAccessEmulator
import Testing

/// The discovery documents of the three APIs the clients call, from the emulator tests' fixtures.
let discoveryDocuments: [DiscoveryDocument] = {
    let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("JITAccessEmulatorTests/Fixtures")
    return ["cloudresourcemanager.v3", "cloudasset.v1", "iamcredentials.v1"].compactMap { name in
        try? DiscoveryDocument(json: Data(contentsOf: fixtures.appendingPathComponent("\(name).json")))
    }
}()

/// What is wrong with the requests in `journal` by the discovery documents; empty when each fits.
func requestProblems(in journal: RequestJournal) -> [String] {
    journal.requests.flatMap { request in
        DiscoveryDocument.problems(
            inRequest: request.method, path: request.path, query: request.query, body: request.body, documents: discoveryDocuments
        )
    }
}

@Suite("The request check against the discovery documents")
struct DiscoveryRequestCheckTests {
    @Test("the three discovery documents are loaded")
    func loaded() {
        #expect(discoveryDocuments.map(\.name) == ["cloudresourcemanager", "cloudasset", "iamcredentials"])
    }

    static let getPolicy = #"{"options":{"requestedPolicyVersion":3}}"#
    static let setPolicy = #"{"policy":{"version":3,"etag":"BwX=","bindings":[{"role":"roles/viewer","members":["user:a@example.com"]}]}}"#
    static let analyze = "analysisQuery.identitySelector.identity=user%3Aa%40example.com&analysisQuery.options.expandResources=true"

    @Test("requests as the clients send them pass", arguments: [
        ("POST", "/v3/projects/prod-db:getIamPolicy", nil, getPolicy),
        ("POST", "/v3/folders/200000000001:setIamPolicy", nil, setPolicy),
        ("GET", "/v1/organizations/100000000001:analyzeIamPolicy", analyze + "&analysisQuery.accessSelector.roles=roles%2Fviewer&analysisQuery.accessSelector.roles=roles%2Fowner&analysisQuery.conditionContext.accessTime=2026-01-01T00%3A00%3A00Z&executionTimeout=30s", ""),
        ("POST", "/v1/projects/-/serviceAccounts/jitaccess@p.iam.gserviceaccount.com:signJwt", nil, #"{"payload":"{}"}"#),
    ] as [(String, String, String?, String)])
    func goodRequests(method: String, path: String, query: String?, body: String) {
        #expect(DiscoveryDocument.problems(inRequest: method, path: path, query: query, body: Data(body.utf8), documents: discoveryDocuments) == [])
    }

    @Test("a deliberately wrong request fails the check", arguments: [
        ("unknown body field", "POST", "/v3/projects/prod-db:getIamPolicy", nil, #"{"options":{"requestedPolicyVersion":3},"view":"FULL"}"#, "not a property"),
        ("wrong body type", "POST", "/v3/projects/prod-db:setIamPolicy", nil, #"{"policy":{"version":"3","bindings":[]}}"#, "expected integer"),
        ("bad body enum", "POST", "/v3/projects/prod-db:setIamPolicy", nil, #"{"policy":{"auditConfigs":[{"service":"allServices","auditLogConfigs":[{"logType":"EVERYTHING"}]}]}}"#, "enum"),
        ("unknown query parameter", "GET", "/v1/projects/prod-db:analyzeIamPolicy", analyze + "&analysisQuery.options.expandEverything=true", "", "not a parameter"),
        ("wrong query type", "GET", "/v1/projects/prod-db:analyzeIamPolicy", "analysisQuery.options.expandResources=yes", "", "boolean"),
        ("bad query enum", "GET", "/v1/projects/prod-db:analyzeIamPolicy", analyze + "&%24.xgafv=3", "", "enum"),
        ("bad query format", "GET", "/v1/projects/prod-db:analyzeIamPolicy", "analysisQuery.conditionContext.accessTime=yesterday", "", "google-datetime"),
        ("repeated single parameter", "GET", "/v1/projects/prod-db:analyzeIamPolicy", analyze + "&analysisQuery.options.expandResources=false", "", "repeated"),
        ("body on a method without one", "GET", "/v1/projects/prod-db:analyzeIamPolicy", analyze, "{}", "no request body"),
        ("unknown method", "POST", "/v3/projects/prod-db:testIamPermissionz", nil, "{}", "no method"),
        ("wrong HTTP method", "GET", "/v1/projects/-/serviceAccounts/jitaccess@p.iam.gserviceaccount.com:signJwt", nil, "", "no method"),
    ] as [(String, String, String, String?, String, String)])
    func wrongRequests(name: String, method: String, path: String, query: String?, body: String, words: String) {
        let problems = DiscoveryDocument.problems(inRequest: method, path: path, query: query, body: Data(body.utf8), documents: discoveryDocuments)
        #expect(problems.count == 1, "\(problems)")
        #expect(problems.first?.contains(words) == true, "\(problems)")
    }
}
