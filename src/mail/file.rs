//! The file transport: each message as an .eml file, for demos and dry environments.

use super::{Failure, Letter, Outcome, Transport, one_at_a_time};
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

    fn write(&self, letter: &Letter) -> Result<String, Failure> {
        let name: String = letter
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
            file.write_all(&letter.raw)?;
            file.sync_all()
        };
        write().map_err(|e| Failure::Fatal(format!("cannot write {}: {e}", path.display())))?;
        Ok(format!("250 written to {}", path.display()))
    }
}

impl Transport for FileTransport {
    fn run(&mut self, letters: flume::Receiver<Letter>, outcomes: flume::Sender<Outcome>) {
        one_at_a_time(&letters, &outcomes, |letter| self.write(letter));
    }
}
