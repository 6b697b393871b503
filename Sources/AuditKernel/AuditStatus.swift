/// The kernel's audit settings and counters, as `AUDIT_GET` reports them.
public struct AuditStatus: Hashable, Sendable, Codable {
    public var enabled: UInt32
    public var failure: UInt32
    /// The pid of the registered audit daemon, 0 when none.
    public var daemonPid: UInt32
    public var rateLimit: UInt32
    public var backlogLimit: UInt32
    public var lost: UInt32
    public var backlog: UInt32
    public var featureBitmap: UInt32
    public var backlogWaitTime: UInt32
    public var backlogWaitTimeActual: UInt32

    public init(enabled: UInt32, failure: UInt32, daemonPid: UInt32, rateLimit: UInt32, backlogLimit: UInt32,
                lost: UInt32, backlog: UInt32, featureBitmap: UInt32, backlogWaitTime: UInt32, backlogWaitTimeActual: UInt32) {
        self.enabled = enabled
        self.failure = failure
        self.daemonPid = daemonPid
        self.rateLimit = rateLimit
        self.backlogLimit = backlogLimit
        self.lost = lost
        self.backlog = backlog
        self.featureBitmap = featureBitmap
        self.backlogWaitTime = backlogWaitTime
        self.backlogWaitTimeActual = backlogWaitTimeActual
    }

    /// `enabled 2`: the configuration is locked until reboot; auditspec never sets it on a live kernel.
    public var isLocked: Bool { enabled == 2 }

    /// Feature bit of the audit container identifier patches (ghak90).
    public static let containerIDFeatureBit: UInt32 = 0x80
}
