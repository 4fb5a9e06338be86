import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JITAccessCore
import JITAccessEmulator
import JITAccessLocal
import JITAccessRuntime
import JITAccessTestSupport
import Logging
import Testing

/// One answer of the emulator, decoded.
struct EmulatorAnswer {
    let status: HTTPResponse.Status
    let body: Data

    var json: JSONValue {
        get throws { try JSONDecoder().decode(JSONValue.self, from: body) }
    }

    var policy: IAMPolicy {
        get throws { try JSONDecoder().decode(IAMPolicy.self, from: body) }
    }

    var text: String { String(decoding: body, as: UTF8.self) }
}
