//! Methods and computed attributes, one file a kind of value. Each file holds its table
//! (`TABLE`, listed in `commands::TABLES`) and the functions the entries run.

pub mod bytes;
pub mod conversations;
pub mod dict;
pub mod int;
pub mod iograph;
pub mod list;
pub mod make_table;
pub mod namedtuple;
pub mod nopayload;
pub mod packet;
pub mod packet_list;
pub mod record;
pub mod sessions;
pub mod set;
pub mod str;
pub mod tables;
