import Foundation
import JITAccessFuzzing

// The libFuzzer entry points. libFuzzer supplies `main`; the target to fuzz is named by the
// environment variable JITACCESS_FUZZ_TARGET (scripts/fuzz sets it).

/// The target named by the environment, read once, before the first input.
private let target: FuzzTarget = {
    let name = ProcessInfo.processInfo.environment["JITACCESS_FUZZ_TARGET"] ?? ""
    guard let target = FuzzTarget(rawValue: name) else {
        let names = FuzzTarget.allCases.map(\.rawValue).joined(separator: ", ")
        FileHandle.standardError.write(Data("Set JITACCESS_FUZZ_TARGET to one of: \(names).\n".utf8))
        exit(2)
    }
    return target
}()

/// Reads the target's name and runs it once, so that its fixed keys and the runtime's caches
/// exist before libFuzzer starts counting allocations: LeakSanitizer would otherwise take
/// memory allocated once for the whole run (such as an RSA key's) for a leak of the first input.
@_cdecl("LLVMFuzzerInitialize")
public func fuzzerInitialize(_ argc: UnsafeMutablePointer<Int32>?, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>?) -> Int32 {
    try? target.run([])
    return 0
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = size > 0 ? Array(UnsafeBufferPointer(start: data, count: size)) : []
    do {
        try target.run(bytes)
    } catch {
        // A crash is what makes libFuzzer keep the input and stop.
        fatalError("\(target.rawValue): \(error)")
    }
    return 0
}
