import JITAccessCore

/// One version of the cloud file: its identity, its bytes and what they say.
struct LoadedCloud: Sendable {
    let version: FileVersion
    let bytes: [UInt8]
    let cloud: Cloud

    /// The file's version `version`, holding `bytes`, read, validated and indexed in full.
    init(version: FileVersion, bytes: [UInt8], file: String) throws(EmbeddedIAMError) {
        self.init(version: version, bytes: bytes, cloud: try Cloud(CloudDocument.decode(bytes, file: file), file: file))
    }

    /// A version whose cloud is already known, such as the one a write just made.
    init(version: FileVersion, bytes: [UInt8], cloud: Cloud) {
        self.version = version
        self.bytes = bytes
        self.cloud = cloud
    }

    /// A later version of the file, read with as little work as gives the same cloud as a full
    /// read: none when the bytes are the same, one policy when only one changed
    /// (``PolicyChange`` says why that is enough), the whole file otherwise.
    func reading(version: FileVersion, bytes: [UInt8], file: String) throws(EmbeddedIAMError) -> LoadedCloud {
        if PolicyChange.same(self.bytes, bytes) {
            return LoadedCloud(version: version, bytes: bytes, cloud: cloud)
        }
        if let change = PolicyChange(from: self.bytes, to: bytes), let updated = cloud.applying(change) {
            return LoadedCloud(version: version, bytes: bytes, cloud: updated)
        }
        return try LoadedCloud(version: version, bytes: bytes, file: file)
    }
}
