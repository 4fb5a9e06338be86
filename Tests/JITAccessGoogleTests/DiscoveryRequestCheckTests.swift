import Foundation
import JITAccessEmulator
import Testing

@Suite("The request check against the discovery documents")
struct DiscoveryRequestCheckTests {
    @Test("the five discovery documents are loaded")
    func loaded() {
        #expect(discoveryDocuments.map(\.name) == ["cloudresourcemanager", "cloudasset", "iamcredentials", "admin", "cloudresourcemanager"])
    }

    static let getPolicy = #"{"options":{"requestedPolicyVersion":3}}"#
    static let setPolicy = #"{"policy":{"version":3,"etag":"BwX=","bindings":[{"role":"roles/viewer","members":["user:a@example.com"]}]}}"#
    static let analyze = "analysisQuery.identitySelector.identity=user%3Aa%40example.com&analysisQuery.options.expandResources=true"

    @Test("requests as the clients send them pass", arguments: [
        ("POST", "/v3/projects/prod-db:getIamPolicy", nil, getPolicy),
        ("POST", "/v3/folders/200000000001:setIamPolicy", nil, setPolicy),
        ("GET", "/v1/organizations/100000000001:analyzeIamPolicy", analyze + "&analysisQuery.accessSelector.roles=roles%2Fviewer&analysisQuery.accessSelector.roles=roles%2Fowner&analysisQuery.conditionContext.accessTime=2026-01-01T00%3A00%3A00Z&executionTimeout=30s", ""),
        ("POST", "/v1/projects/-/serviceAccounts/jitaccess@p.iam.gserviceaccount.com:signJwt", nil, #"{"payload":"{}"}"#),
        ("POST", "/v1/projects/prod-db:getAncestry", nil, "{}"),
        ("GET", "/v1/organizations/1/effectiveIamPolicies:batchGet", "names=%2F%2Fcloudresourcemanager.googleapis.com%2Fprojects%2Fp&names=x", ""),
        ("GET", "/v1/folders/2:searchAllIamPolicies", "query=policy%3A%22a+b%22&assetTypes=x&assetTypes=y&pageSize=500&pageToken=t", ""),
        ("GET", "/v3/projects:search", "query=state%3AACTIVE&pageSize=1000", ""),
    ] as [(String, String, String?, String)])
    func goodRequests(method: String, path: String, query: String?, body: String) {
        #expect(problems(method, path, query: query, body: body) == [])
    }

    @Test("the most specific method wins when two documents fit a path, whatever their order")
    func mostSpecific() {
        let reordered = discoveryDocuments.reversed() as [DiscoveryDocument]
        #expect(reordered.first?.name == "cloudresourcemanager", "Resource Manager v1, whose projects.get fits any /v1/projects/X")
        let request = EmulatorRequest(method: "GET", path: "/v1/projects/prod-db:analyzeIamPolicy", query: Self.analyze, body: Data())
        #expect(DiscoveryDocument.problems(in: request, documents: reordered) == [])
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
        let found = problems(method, path, query: query, body: body)
        #expect(found.count == 1, "\(found)")
        #expect(found.first?.contains(words) == true, "\(found)")
    }

    static let policy = #"{"version":3,"etag":"BwX=","bindings":[{"role":"roles/viewer","members":["user:a@example.com"]}]}"#

    @Test("answers as the emulator sends them pass", arguments: [
        (200, policy), (409, #"{"error":{"code":409,"message":"There were concurrent policy changes.","status":"ABORTED"}}"#),
    ])
    func goodAnswers(status: Int, body: String) {
        #expect(problems("POST", "/v3/projects/prod-db:getIamPolicy", body: Self.getPolicy, answer: (status, body)) == [])
    }

    @Test("a deliberately wrong answer fails the check", arguments: [
        ("unknown field", 200, #"{"version":3,"etag":"x","members":[]}"#, "not a property"),
        ("wrong type", 200, #"{"version":3,"bindings":{}}"#, "expected array"),
        ("not JSON", 200, "<html>", "not JSON"),
        ("error not in Google's format", 503, #"{"message":"down"}"#, "{\"error\""),
        ("error code not the status", 503, #"{"error":{"code":500,"message":"down","status":"UNAVAILABLE"}}"#, "error.code"),
        ("error without a canonical code", 429, #"{"error":{"code":429,"message":"slow down"}}"#, "canonical code"),
    ] as [(String, Int, String, String)])
    func wrongAnswers(name: String, status: Int, body: String, words: String) {
        let found = problems("POST", "/v3/projects/prod-db:getIamPolicy", body: Self.getPolicy, answer: (status, body))
        #expect(found.count == 1, "\(found)")
        #expect(found.first?.contains(words) == true, "\(found)")
    }
}
