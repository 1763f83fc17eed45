//! Names of SMB 2 flags and enumerations (MS-SMB2 2.2, MS-FSCC 2.4 and 2.6), as Scapy 2.8.0
//! shows them: one name per bit, `bit_N` where a bit has none (a name on several bits
//! sits on the highest, as Scapy places it).

use super::smb_tables::bit_names;

pub(super) static ACCESS: &[&str] = &bit_names::<32>(&[
    (0, "FILE_READ_DATA"),
    (1, "FILE_WRITE_DATA"),
    (2, "FILE_APPEND_DATA"),
    (3, "FILE_READ_EA"),
    (4, "FILE_WRITE_EA"),
    (5, "FILE_EXECUTE"),
    (6, "FILE_DELETE_CHILD"),
    (7, "FILE_READ_ATTRIBUTES"),
    (8, "FILE_WRITE_ATTRIBUTES"),
    (16, "DELETE"),
    (17, "READ_CONTROL"),
    (18, "WRITE_DAC"),
    (19, "WRITE_OWNER"),
    (20, "SYNCHRONIZE"),
    (24, "ACCESS_SYSTEM_SECURITY"),
    (25, "MAXIMUM_ALLOWED"),
    (28, "GENERIC_ALL"),
    (29, "GENERIC_EXECUTE"),
    (30, "GENERIC_WRITE"),
    (31, "GENERIC_READ"),
]);
pub(super) static FILE_ATTRIBUTES: &[&str] = &bit_names::<32>(&[
    (0, "FILE_ATTRIBUTE_READONLY"),
    (1, "FILE_ATTRIBUTE_HIDDEN"),
    (2, "FILE_ATTRIBUTE_SYSTEM"),
    (4, "FILE_ATTRIBUTE_DIRECTORY"),
    (5, "FILE_ATTRIBUTE_ARCHIVE"),
    (7, "FILE_ATTRIBUTE_NORMAL"),
    (8, "FILE_ATTRIBUTE_TEMPORARY"),
    (9, "FILE_ATTRIBUTE_SPARSE_FILE"),
    (10, "FILE_ATTRIBUTE_REPARSE_POINT"),
    (11, "FILE_ATTRIBUTE_COMPRESSED"),
    (12, "FILE_ATTRIBUTE_OFFLINE"),
    (13, "FILE_ATTRIBUTE_NOT_CONTENT_INDEXED"),
    (14, "FILE_ATTRIBUTE_ENCRYPTED"),
    (15, "FILE_ATTRIBUTE_INTEGRITY_STREAM"),
    (17, "FILE_ATTRIBUTE_NO_SCRUB_DATA"),
    (18, "FILE_ATTRIBUTE_RECALL_ON_OPEN"),
    (19, "FILE_ATTRIBUTE_PINNED"),
    (20, "FILE_ATTRIBUTE_UNPINNED"),
    (22, "FILE_ATTRIBUTE_RECALL_ON_DATA_ACCESS"),
]);
pub(super) static SHARE_ACCESS: &[&str] = &bit_names::<32>(&[
    (0, "FILE_SHARE_READ"),
    (1, "FILE_SHARE_WRITE"),
    (2, "FILE_SHARE_DELETE"),
]);
pub(super) static CREATE_OPTIONS: &[&str] = &bit_names::<32>(&[
    (0, "FILE_DIRECTORY_FILE"),
    (1, "FILE_WRITE_THROUGH"),
    (2, "FILE_SEQUENTIAL_ONLY"),
    (3, "FILE_NO_INTERMEDIATE_BUFFERING"),
    (4, "FILE_SYNCHRONOUS_IO_ALERT"),
    (5, "FILE_SYNCHRONOUS_IO_NONALERT"),
    (6, "FILE_NON_DIRECTORY_FILE"),
    (8, "FILE_COMPLETE_IF_OPLOCKED"),
    (9, "FILE_RANDOM_ACCESS"),
    (10, "FILE_OPEN_REMOTE_INSTANCE"),
    (12, "FILE_DELETE_ON_CLOSE"),
    (13, "FILE_OPEN_BY_FILE_ID"),
    (14, "FILE_OPEN_FOR_BACKUP_INTENT"),
    (15, "FILE_NO_COMPRESSION"),
    (16, "FILE_OPEN_REQUIRING_OPLOCK"),
    (17, "FILE_DISALLOW_EXCLUSIVE"),
    (20, "FILE_RESERVE_OPFILTER"),
    (21, "FILE_OPEN_REPARSE_POINT"),
    (22, "FILE_OPEN_NO_RECALL"),
    (23, "FILE_OPEN_FOR_FREE_SPACE_QUERY"),
]);
pub(super) const OPLOCK_LEVELS: &[(i64, &str)] = &[
    (0x0, "SMB2_OPLOCK_LEVEL_NONE"),
    (0x1, "SMB2_OPLOCK_LEVEL_II"),
    (0x8, "SMB2_OPLOCK_LEVEL_EXCLUSIVE"),
    (0x9, "SMB2_OPLOCK_LEVEL_BATCH"),
    (0xff, "SMB2_OPLOCK_LEVEL_LEASE"),
];
pub(super) const IMPERSONATION: &[(i64, &str)] = &[
    (0x0, "Anonymous"),
    (0x1, "Identification"),
    (0x2, "Impersonation"),
    (0x3, "Delegate"),
];
pub(super) const DISPOSITION: &[(i64, &str)] = &[
    (0x0, "FILE_SUPERSEDE"),
    (0x1, "FILE_OPEN"),
    (0x2, "FILE_CREATE"),
    (0x3, "FILE_OPEN_IF"),
    (0x4, "FILE_OVERWRITE"),
    (0x5, "FILE_OVERWRITE_IF"),
];
pub(super) static CREATE_FLAGS: &[&str] = &bit_names::<8>(&[(0, "SMB2_CREATE_FLAG_REPARSEPOINT")]);
pub(super) const CREATE_ACTION: &[(i64, &str)] = &[
    (0x0, "FILE_SUPERSEDED"),
    (0x1, "FILE_OPENED"),
    (0x2, "FILE_CREATED"),
    (0x3, "FILE_OVERWRITEN"),
];
pub(super) static SHARE_FLAGS: &[&str] = &bit_names::<32>(&[
    (0, "DFS"),
    (1, "DFS_ROOT"),
    (4, "AUTO_CACHING"),
    (5, "NO_CACHING"),
    (8, "RESTRICT_EXCLUSIVE_OPENS"),
    (9, "FORCE_SHARED_DELETE"),
    (10, "ALLOW_NAMESPACE_CACHING"),
    (11, "ACCESS_BASED_DIRECTORY_ENUM"),
    (12, "FORCE_LEVELII_OPLOCK"),
    (13, "ENABLE_HASH_V1"),
    (14, "ENABLE_HASH_V2"),
    (15, "ENCRYPT_DATA"),
    (18, "IDENTITY_REMOTING"),
    (20, "COMPRESS_DATA"),
]);
pub(super) static TREE_CAPABILITIES: &[&str] = &bit_names::<32>(&[
    (3, "DFS"),
    (4, "CONTINUOUS_AVAILABILITY"),
    (5, "SCALEOUT"),
    (6, "CLUSTER"),
    (7, "ASYMMETRIC"),
    (8, "REDIRECT_TO_OWNER"),
]);
pub(super) const CTL_CODES: &[(i64, &str)] = &[
    (0x60194, "FSCTL_DFS_GET_REFERRALS"),
    (0x601b0, "FSCTL_DFS_GET_REFERRALS_EX"),
    (0x900a4, "FSCTL_SET_REPARSE_POINT"),
    (0x94264, "FSCTL_OFFLOAD_READ"),
    (0x98208, "FSCTL_FILE_LEVEL_TRIM"),
    (0x110018, "FSCTL_PIPE_WAIT"),
    (0x11400c, "FSCTL_PIPE_PEEK"),
    (0x11c017, "FSCTL_PIPE_TRANSCEIVE"),
    (0x140078, "FSCTL_SRV_REQUEST_RESUME_KEY"),
    (0x1401d4, "FSCTL_LMR_REQUEST_RESILIENCY"),
    (0x1401fc, "FSCTL_QUERY_NETWORK_INTERFACE_INFO"),
    (0x140204, "FSCTL_VALIDATE_NEGOTIATE_INFO"),
    (0x144064, "FSCTL_SRV_ENUMERATE_SNAPSHOTS"),
    (0x1440f2, "FSCTL_SRV_COPYCHUNK"),
    (0x1441bb, "FSCTL_SRV_READ_HASH"),
    (0x1480f2, "FSCTL_SRV_COPYCHUNK_WRITE"),
];
pub(super) static IOCTL_FLAGS: &[&str] = &bit_names::<32>(&[(0, "SMB2_0_IOCTL_IS_FSCTL")]);
pub(super) const INFO_TYPES: &[(i64, &str)] = &[
    (0x1, "SMB2_0_INFO_FILE"),
    (0x2, "SMB2_0_INFO_FILESYSTEM"),
    (0x3, "SMB2_0_INFO_SECURITY"),
    (0x4, "SMB2_0_INFO_QUOTA"),
];
pub(super) const FILE_INFO_CLASSES: &[(i64, &str)] = &[
    (0x1, "FileDirectoryInformation"),
    (0x2, "FileFullDirectoryInformation"),
    (0x3, "FileBothDirectoryInformation"),
    (0x4, "FileBasicInformation"),
    (0x5, "FileStandardInformation"),
    (0x6, "FileInternalInformation"),
    (0x7, "FileEaInformation"),
    (0x8, "FileAccessInformation"),
    (0xa, "FileRenameInformation"),
    (0xc, "FileNamesInformation"),
    (0xe, "FilePositionInformation"),
    (0x10, "FileModeInformation"),
    (0x11, "FileAlignmentInformation"),
    (0x12, "FileAllInformation"),
    (0x22, "FileNetworkOpenInformation"),
    (0x25, "FileIdBothDirectoryInformation"),
    (0x26, "FileIdFullDirectoryInformation"),
    (0x30, "FileNormalizedNameInformation"),
    (0x3c, "FileIdExtdDirectoryInformation"),
];
pub(super) static ADDITIONAL_INFO: &[&str] = &bit_names::<32>(&[
    (0, "OWNER_SECURITY_INFORMATION"),
    (1, "GROUP_SECURITY_INFORMATION"),
    (2, "DACL_SECURITY_INFORMATION"),
    (3, "SACL_SECURITY_INFORMATION"),
    (4, "LABEL_SECURITY_INFORMATION"),
    (5, "ATTRIBUTE_SECURITY_INFORMATION"),
    (6, "SCOPE_SECURITY_INFORMATION"),
    (16, "BACKUP_SECURITY_INFORMATION"),
]);
pub(super) static QUERY_INFO_FLAGS: &[&str] = &bit_names::<32>(&[
    (0, "SL_RESTART_SCAN"),
    (1, "SL_RETURN_SINGLE_ENTRY"),
    (2, "SL_INDEX_SPECIFIED"),
]);
pub(super) static NOTIFY_FLAGS: &[&str] = &bit_names::<16>(&[(0, "SMB2_WATCH_TREE")]);
pub(super) static COMPLETION_FILTER: &[&str] = &bit_names::<32>(&[
    (0, "FILE_NOTIFY_CHANGE_FILE_NAME"),
    (1, "FILE_NOTIFY_CHANGE_DIR_NAME"),
    (2, "FILE_NOTIFY_CHANGE_ATTRIBUTES"),
    (3, "FILE_NOTIFY_CHANGE_SIZE"),
    (4, "FILE_NOTIFY_CHANGE_LAST_WRITE"),
    (5, "FILE_NOTIFY_CHANGE_LAST_ACCESS"),
    (6, "FILE_NOTIFY_CHANGE_CREATION"),
    (7, "FILE_NOTIFY_CHANGE_EA"),
    (8, "FILE_NOTIFY_CHANGE_SECURITY"),
    (9, "FILE_NOTIFY_CHANGE_STREAM_NAME"),
    (10, "FILE_NOTIFY_CHANGE_STREAM_SIZE"),
    (11, "FILE_NOTIFY_CHANGE_STREAM_WRITE"),
]);
pub(super) static READ_FLAGS: &[&str] = &bit_names::<8>(&[
    (0, "SMB2_READFLAG_READ_UNBUFFERED"),
    (1, "SMB2_READFLAG_REQUEST_COMPRESSED"),
]);
pub(super) const CHANNELS: &[(i64, &str)] = &[
    (0x0, "SMB2_CHANNEL_NONE"),
    (0x1, "SMB2_CHANNEL_RDMA_V1"),
    (0x2, "SMB2_CHANNEL_RDMA_V1_INVALIDATE"),
    (0x3, "SMB2_CHANNEL_RDMA_TRANSFORM"),
];
pub(super) static READ_RESPONSE_FLAGS: &[&str] =
    &bit_names::<32>(&[(0, "SMB2_READFLAG_RESPONSE_RDMA_TRANSFORM")]);
pub(super) static WRITE_FLAGS: &[&str] = &bit_names::<32>(&[
    (0, "SMB2_WRITEFLAG_WRITE_THROUGH"),
    (1, "SMB2_WRITEFLAG_WRITE_UNBUFFERED"),
]);
pub(super) static QUERY_DIRECTORY_FLAGS: &[&str] = &bit_names::<8>(&[
    (0, "SMB2_RESTART_SCANS"),
    (1, "SMB2_RETURN_SINGLE_ENTRY"),
    (2, "SMB2_INDEX_SPECIFIED"),
    (4, "SMB2_REOPEN"),
]);
