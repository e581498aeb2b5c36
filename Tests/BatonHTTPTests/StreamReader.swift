import Foundation
#if canImport(Glibc)
    import Glibc
#endif

/// Reads a response that does not end (server-sent events) until what arrived so far
/// satisfies a condition, on a thread of its own (never a cooperative one).
final class StreamReader: @unchecked Sendable {
    private let fd: Int32
    private let lock = NSLock()
    private var received = Data()
    private var closed = false

    /// Connects, sends a GET, and starts collecting the answer in the background.
    init(port: Int, path: String, headers: [String: String] = [:]) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard fd >= 0, connected == 0 else { throw RawHTTP.Failure(description: "cannot connect to port \(port)") }
        var head = "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nAccept: text/event-stream\r\nConnection: close\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        let bytes = Array((head + "\r\n").utf8)
        guard Glibc.send(fd, bytes, bytes.count, Int32(MSG_NOSIGNAL)) == bytes.count else {
            close(fd)
            throw RawHTTP.Failure(description: "send failed")
        }
        Thread.detachNewThread { [self] in
            var buffer = [UInt8](repeating: 0, count: 65536)
            while true {
                let count = recv(fd, &buffer, buffer.count, 0)
                lock.lock()
                if count <= 0 {
                    closed = true
                    lock.unlock()
                    break
                }
                received.append(contentsOf: buffer[0..<count])
                lock.unlock()
            }
        }
    }

    /// Everything received so far, as text.
    var text: String {
        lock.lock()
        defer { lock.unlock() }
        return String(decoding: received, as: UTF8.self)
    }

    /// Whether the server ended the response.
    var isClosed: Bool {
        lock.lock()
        defer { lock.unlock() }
        return closed
    }

    func stop() {
        shutdown(fd, Int32(SHUT_RDWR))
        close(fd)
    }
}
