import Foundation
import HTTPTypes
import Hummingbird

/// The two endpoints of the Compute Engine metadata server that Application Default
/// Credentials use: the default service account's access token (scope `cloud-platform`) and
/// its email. Like the real
/// server, it answers only requests carrying `Metadata-Flavor: Google`, which a page cannot forge
/// from a browser.
struct MetadataController<Context: RequestContext> {
    static var prefix: String { "/computeMetadata/v1/instance/service-accounts/default" }

    let tokens: AccessTokens
    let serviceAccount: String

    func register(on router: some RouterMethods<Context>) {
        router.get("\(Self.prefix)/token") { request, _ in
            try Self.checkFlavor(request)
            // Cloud Run's and App Engine's tokens carry cloud-platform only; APIs that want another
            // scope (the Directory API) refuse them, which is why jitaccess impersonates itself.
            var response = try tokens.issueResponse(scopes: [AccessTokens.cloudPlatformScope])
            response.headers[.metadataFlavor] = "Google"
            return response
        }
        router.get("\(Self.prefix)/email") { request, _ in
            try Self.checkFlavor(request)
            return Response(
                status: .ok, headers: [.contentType: "application/text", .metadataFlavor: "Google"],
                body: .init(byteBuffer: ByteBuffer(string: serviceAccount))
            )
        }
    }

    private static func checkFlavor(_ request: Request) throws(GoogleAPIError) {
        guard request.headers[.metadataFlavor] == "Google" else {
            throw GoogleAPIError(
                status: .forbidden, canonicalCode: "PERMISSION_DENIED",
                message: "Missing required header \"Metadata-Flavor\": send 'Metadata-Flavor: Google' with every metadata server request."
            )
        }
    }
}

extension HTTPField.Name {
    /// The header the metadata server requires, and sends back.
    static let metadataFlavor = Self("Metadata-Flavor")!
}
