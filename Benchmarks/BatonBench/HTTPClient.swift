#if canImport(Glibc)
    import Glibc
#endif
import Foundation

/// A blocking HTTP/1.1 client on one keep-alive TCP connection, for one thread. Raw sockets
/// rather than URLSession (slow on Linux) so that the client costs little beside the server
/// it measures; a server that closes the connection (Director's gunicorn does, every time)
/// gets a new one, and the connect is then part of the measured request.
final class HTTPConnection {
    struct Response {
        var status: Int
        var headers: [(String, String)]
        var body: [UInt8]

        func header(_ name: String) -> String? {
            headers.first { $0.0.lowercased() == name.lowercased() }?.1
        }

        var json: Any? { try? JSONSerialization.jsonObject(with: Data(body), options: [.fragmentsAllowed]) }
        var text: String { String(decoding: body, as: UTF8.self) }
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    let host: String
    let port: UInt16
    private var socket: Int32 = -1
    private var buffer: [UInt8] = []
    private var start = 0

    /// `base` is `http://HOST:PORT` (an IPv4 address or localhost).
    init(base: String) throws {
        guard let url = URL(string: base), let host = url.host, let port = url.port else {
            throw Failure(description: "bad URL \(base): give http://HOST:PORT")
        }
        self.host = host == "localhost" ? "127.0.0.1" : host
        self.port = UInt16(port)
    }

    deinit { close() }

    func close() {
        if socket >= 0 { Glibc.close(socket) }
        socket = -1
        buffer.removeAll(keepingCapacity: true)
        start = 0
    }

    private func connect() throws {
        let fd = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket: \(errno)") }
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        inet_pton(AF_INET, host, &address.sin_addr)
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else {
            Glibc.close(fd)
            throw Failure(description: "connect to \(host):\(port): \(String(cString: strerror(errno)))")
        }
        socket = fd
    }

    /// Sends one request and reads the whole answer. A kept-alive connection the server closed
    /// in the meantime is reopened once.
    func request(
        _ method: String, _ path: String, body: [UInt8]? = nil,
        headers: [(String, String)] = []
    ) throws -> Response {
        var head = "\(method) \(path) HTTP/1.1\r\nHost: \(host):\(port)\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        if let body {
            head += "Content-Length: \(body.count)\r\n"
            if !headers.contains(where: { $0.0.lowercased() == "content-type" }) { head += "Content-Type: application/json\r\n" }
        }
        head += "\r\n"
        let bytes = Array(head.utf8) + (body ?? [])
        for attempt in 0..<2 {
            let fresh = socket < 0
            if fresh { try connect() }
            do {
                try send(bytes)
                return try readResponse(method: method)
            } catch let failure as Failure where failure.description == "closed" && !fresh && attempt == 0 {
                close()
            } catch {
                close()
                throw error
            }
        }
        throw Failure(description: "connection closed twice")
    }

    func json(_ method: String, _ path: String, _ object: Any? = nil, headers: [(String, String)] = []) throws -> Response {
        let body = try object.map { Array(try JSONSerialization.data(withJSONObject: $0)) }
        return try request(method, path, body: body, headers: headers)
    }

    private func send(_ bytes: [UInt8]) throws {
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { Glibc.send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n < 0 {
                if errno == EINTR { continue }
                throw Failure(description: "closed")
            }
            sent += n
        }
    }

    /// Reads more bytes into the buffer; false at end of stream.
    private func fill() throws -> Bool {
        if start > 0 && start == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            start = 0
        }
        let old = buffer.count
        buffer.append(contentsOf: repeatElement(0, count: 65536))
        while true {
            let n = buffer.withUnsafeMutableBytes { Glibc.recv(socket, $0.baseAddress! + old, 65536, 0) }
            if n < 0 && errno == EINTR { continue }
            buffer.removeLast(65536 - max(n, 0))
            if n < 0 { throw Failure(description: "closed") }
            return n > 0
        }
    }

    private func readLine() throws -> String? {
        while true {
            if let index = buffer[start...].firstIndex(of: 0x0A) {
                var end = index
                if end > start && buffer[end - 1] == 0x0D { end -= 1 }
                let line = String(decoding: buffer[start..<end], as: UTF8.self)
                start = index + 1
                return line
            }
            if try !fill() { return nil }
        }
    }

    private func readBytes(_ count: Int) throws -> [UInt8] {
        while buffer.count - start < count {
            if try !fill() { throw Failure(description: "body cut short") }
        }
        let bytes = Array(buffer[start..<start + count])
        start += count
        return bytes
    }

    private func readResponse(method: String) throws -> Response {
        guard let statusLine = try readLine() else { throw Failure(description: "closed") }
        let parts = statusLine.split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, let status = Int(parts[1]) else { throw Failure(description: "bad status line \(statusLine)") }
        var headers: [(String, String)] = []
        while let line = try readLine(), !line.isEmpty {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers.append((String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
        }
        var response = Response(status: status, headers: headers, body: [])
        let closing = response.header("connection")?.lowercased() == "close"
        if method == "HEAD" || status == 204 || status == 304 {
        } else if let length = response.header("content-length").flatMap(Int.init) {
            response.body = try readBytes(length)
        } else if response.header("transfer-encoding")?.lowercased().contains("chunked") == true {
            while let sizeLine = try readLine(), let size = Int(sizeLine.split(separator: ";")[0], radix: 16) {
                if size == 0 {
                    while let trailer = try readLine(), !trailer.isEmpty {}
                    break
                }
                response.body += try readBytes(size)
                _ = try readLine()
            }
        } else {
            while try fill() {}
            response.body = Array(buffer[start...])
            start = buffer.count
            close()
        }
        if closing { close() }
        return response
    }
}
