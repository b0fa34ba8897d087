import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing

/// A lecture through a real SSH server on loopback, as a teacher sets it up from the README: an
/// sshd whose `Match User` block forces `gradscope follow SOCKET`, a presenter in one terminal,
/// two students at different sizes who only run `ssh`.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct LectureSSHEndToEndTests {
    static let sshd = "/usr/sbin/sshd"
    static let scene = #filePath.components(separatedBy: "/Tests/")[0] + "/scenes/determinant.yaml"

    /// A free TCP port on 127.0.0.1 (bound, read, released).
    static func freePort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Starts `path` in the background; returns its pid.
    static func spawnInBackground(_ path: String, _ arguments: [String], log: String) -> pid_t? {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        return withDefaultSignals { posix_spawn(&pid, path, &actions, &$0, argv, environ) } == 0 ? pid : nil
    }

    /// Run with tmux, sshd and ssh here, and always under CI=true (where a missing one fails it).
    static var canRun: Bool {
        TmuxHarness.canRun && (ProcessInfo.processInfo.environment["CI"] == "true"
            || (FileManager.default.isExecutableFile(atPath: sshd) && FileManager.default.isExecutableFile(atPath: "/usr/bin/ssh")))
    }

    @Test(.enabled(if: canRun, "needs tmux, sshd, ssh and the gradscope binary")) func studentsFollowOverSSHAtTheirOwnSizes() throws {
        guard TmuxHarness.requirementsMet() else { return }
        guard FileManager.default.isExecutableFile(atPath: Self.sshd), FileManager.default.isExecutableFile(atPath: "/usr/bin/ssh") else {
            if ProcessInfo.processInfo.environment["CI"] == "true" {
                Issue.record("openssh-server is not installed: the SSH lecture test must run in CI (apt-get install -y openssh-server)")
            }
            return
        }
        let folder = NSTemporaryDirectory() + "gradscope-ssh-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let log = folder + "/out"
        for key in ["host_key", "client_key"] {
            #expect(spawnAndWait("/usr/bin/ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", folder + "/" + key], outputPath: log) == 0)
        }
        try FileManager.default.copyItem(atPath: folder + "/client_key.pub", toPath: folder + "/authorized_keys")
        if getuid() == 0 { try? FileManager.default.createDirectory(atPath: "/run/sshd", withIntermediateDirectories: true) }
        let user = String(cString: getpwuid(getuid())!.pointee.pw_name)
        let socketPath = folder + "/lecture.sock"
        let port = Self.freePort()
        // The README's lecture account, with this test's user, keys and port.
        let config = """
            Port \(port)
            ListenAddress 127.0.0.1
            HostKey \(folder)/host_key
            PidFile \(folder)/sshd.pid
            AuthorizedKeysFile \(folder)/authorized_keys
            StrictModes no
            UsePAM no
            PasswordAuthentication no
            KbdInteractiveAuthentication no
            PermitRootLogin prohibit-password
            AcceptEnv LANG LC_*
            Match User \(user)
                ForceCommand \(TmuxHarness.binary!) follow \(socketPath)
                PermitTTY yes
                AllowTcpForwarding no
                AllowAgentForwarding no
                X11Forwarding no
                PermitTunnel no

            """
        try config.write(toFile: folder + "/sshd_config", atomically: true, encoding: .utf8)
        guard let server = Self.spawnInBackground(Self.sshd, ["-D", "-e", "-f", folder + "/sshd_config"], log: folder + "/sshd.log") else {
            Issue.record("sshd did not start")
            return
        }
        defer { kill(server, SIGTERM); var status: Int32 = 0; waitpid(server, &status, 0) }

        let tmux = TmuxHarness()
        tmux.start(["serve", Self.scene, "--socket", socketPath], width: 120, height: 40)
        #expect(tmux.waitFor { $0.contains("0 followers on /tmp/gradscope-ssh") && $0.contains("step 3/15") }.matched)
        func ssh(_ name: String, width: Int, height: Int) {
            let command = "ssh -tt -p \(port) -i \(folder)/client_key -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null "
                + "-o LogLevel=ERROR -o SetEnv=LANG=C.UTF-8 \(user)@127.0.0.1; echo SSH-ENDED; sleep 60"
            tmux.tmux(["new-session", "-d", "-s", name, "-x", String(width), "-y", String(height), command])
        }
        func screen(_ name: String) -> String { tmux.tmux(["capture-pane", "-p", "-t", name]).output }
        func waitFor(_ name: String, _ predicate: (String) -> Bool) -> (matched: Bool, screen: String) {
            let deadline = Date().addingTimeInterval(20)
            var last = ""
            while Date() < deadline {
                last = screen(name)
                if predicate(last) { return (true, last) }
                Thread.sleep(forTimeInterval: 0.1)
            }
            return (false, last)
        }
        /// SIGKILL to the ssh client running in a session (the shell around it is the pane).
        func killShell(_ name: String) {
            let panePid = tmux.tmux(["display-message", "-p", "-t", name, "#{pane_pid}"]).output
                .trimmingCharacters(in: .whitespacesAndNewlines)
            _ = spawnAndWait("/usr/bin/pkill", ["-KILL", "-P", panePid], outputPath: log)
        }
        defer {
            // Nothing outlives the test: the students' ssh clients, then the terminals.
            killShell("small")
            killShell("large")
            tmux.tmux(["kill-server"])
        }
        ssh("small", width: 80, height: 24)
        ssh("large", width: 160, height: 50)
        for name in ["small", "large"] {
            let joined = waitFor(name) { $0.contains("following") && $0.contains("step 3/15") }
            #expect(joined.matched, "\(name) did not join:\n\(joined.screen)\n\((try? String(contentsOfFile: folder + "/sshd.log", encoding: .utf8)) ?? "")")
        }
        #expect(tmux.waitFor { $0.contains("2 followers") }.matched)
        // The presenter advances; both students show the new step at their own sizes.
        tmux.send("Space")
        for name in ["small", "large"] {
            let advanced = waitFor(name) { $0.contains("step 8/15") && $0.contains("det A  5.000") }
            #expect(advanced.matched, "\(name) did not follow to step 8:\n\(advanced.screen)")
        }
        #expect(screen("small").split(separator: "\n").first?.count ?? 0 <= 80)
        // One student's ssh is killed: the presenter and the other student carry on.
        killShell("small")
        #expect(tmux.waitFor { $0.contains("1 follower") }.matched)
        tmux.send("Space")
        #expect(tmux.waitFor { $0.contains("Q: What happens to det A") }.matched)
        #expect(waitFor("large") { $0.contains("Q: What happens to det A") }.matched)
        // The presenter quits: the remaining student is told, and keeps the last state.
        tmux.send("q")
        #expect(tmux.waitForExit() == 0)
        #expect(waitFor("large") { $0.contains("lecture ended") && $0.contains("Q: What happens to det A") }.matched)
    }
}
