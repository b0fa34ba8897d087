import Foundation
#if canImport(Glibc)
import Glibc
#endif
import SimulationCore
import Synchronization

/// Unix-domain socket plumbing for lectures: where the socket lives, binding it safely, and
/// connecting to it. Only this file and the server/client touch file descriptors.
public enum LectureSocket {
    /// The default socket: `$XDG_RUNTIME_DIR/gradscope/lecture.sock`, else
    /// `/tmp/gradscope-UID/lecture.sock`, in a folder only its owner (or `group`) can enter.
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        let base = environment["XDG_RUNTIME_DIR"].flatMap { $0.isEmpty ? nil : $0 + "/gradscope" } ?? "/tmp/gradscope-\(getuid())"
        return base + "/lecture.sock"
    }

    /// A listening socket at `path`. A missing folder is created private (0700; 0750 and owned
    /// by `group` when given); an existing one is used only as it is: ours, and writable by no
    /// one else (with `group`: already that group's, 0750) — it is never changed. A stale socket
    /// left by a crashed presenter is replaced, but never a file that is not a socket nor a
    /// socket someone is still serving on.
    static func listen(at path: String, group: String?) throws -> Int32 {
        guard path.utf8.count < 104 else { throw LectureError("socket path too long (over 103 bytes): \(path)") }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        var gid: gid_t?
        if let group {
            guard let entry = getgrnam(group) else { throw LectureError("--group: no group named '\(group)'") }
            gid = entry.pointee.gr_gid
        }
        try SocketFolder.prepare(folder, group: gid, groupName: group)
        var info = stat()
        if lstat(path, &info) == 0 {
            guard (info.st_mode & S_IFMT) == S_IFSOCK else {
                throw LectureError("\(path) exists and is not a socket; not touching it (choose another --socket)")
            }
            if let probe = try? connect(to: path) {
                close(probe)
                throw LectureError("a lecture is already being served at \(path)")
            }
            unlink(path)  // a stale socket: nobody listens on it
        }
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw LectureError("socket: \(String(cString: strerror(errno)))") }
        var address = try socketAddress(path)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard bound == 0 else {
            let reason = String(cString: strerror(errno))
            close(fd)
            throw LectureError("cannot bind \(path): \(reason)")
        }
        chmod(path, gid == nil ? 0o600 : 0o660)
        if let gid { chown(path, getuid(), gid) }
        guard Glibc.listen(fd, 128) == 0 else {
            close(fd)
            throw LectureError("listen: \(String(cString: strerror(errno)))")
        }
        setNonBlocking(fd)
        return fd
    }

    /// A connected socket to `path`.
    static func connect(to path: String) throws -> Int32 {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw LectureError("socket: \(String(cString: strerror(errno)))") }
        var address = try socketAddress(path)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard connected == 0 else {
            let reason = errno == ENOENT ? "no lecture is being served there (no such socket)"
                : errno == ECONNREFUSED ? "no presenter is listening (the lecture ended)"
                : errno == EACCES ? "permission denied (ask the presenter for --group access)"
                : String(cString: strerror(errno))
            close(fd)
            throw LectureError("cannot join \(path): \(reason)")
        }
        return fd
    }

    static func socketAddress(_ path: String) throws -> sockaddr_un {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else { throw LectureError("socket path too long: \(path)") }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in bytes.enumerated() { raw[index] = byte }
            raw[bytes.count] = 0
        }
        return address
    }

    static func setNonBlocking(_ fd: Int32) {
        let flags = fcntl(fd, F_GETFL)
        _ = fcntl(fd, F_SETFL, flags | O_NONBLOCK)
    }
}

