//! The file transport: each message as an .eml file, for demos and dry environments.

use super::{Failure, Outgoing, Transport, build};
use std::io::Write;
use std::path::PathBuf;

pub struct FileTransport {
    dir: PathBuf,
}

impl FileTransport {
    /// Writes into `dir`, created private to the owner: the files hold passwords.
    pub fn new(dir: PathBuf) -> anyhow::Result<FileTransport> {
        use std::os::unix::fs::DirBuilderExt;
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(&dir)?;
        Ok(FileTransport { dir })
    }
}

impl Transport for FileTransport {
    fn send(&mut self, message: &Outgoing<'_>) -> Result<String, Failure> {
        let raw = build(message)
            .map_err(|e| Failure::Permanent(format!("cannot build the message: {e}")))?;
        let name: String = message
            .message_id
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '.' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        let path = self.dir.join(format!("{name}.eml"));
        let write = || -> std::io::Result<()> {
            // A retry of the same delivery rewrites the same file.
            let _ = std::fs::remove_file(&path);
            let mut file = crate::paths::create_private_file(&path)?;
            file.write_all(&raw.formatted())?;
            file.sync_all()
        };
        write().map_err(|e| Failure::Fatal(format!("cannot write {}: {e}", path.display())))?;
        Ok(format!("250 written to {}", path.display()))
    }
}
