/// A value that writes itself with a ``JSONWriter``; ``JSONResponse`` prefers this to `Encodable`.
protocol JSONWritable {
    func write(to writer: inout JSONWriter)
}
