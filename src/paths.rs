//! Where hrpass keeps its files, and where that location came from.

use anyhow::{Context, Result};
use std::fmt;
use std::path::{Path, PathBuf};

/// Where a setting's value came from, for `init` and error messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Flag,
    Env(&'static str),
    Default,
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Flag => f.write_str("from --home"),
            Source::Env(name) => write!(f, "from {name}"),
            Source::Default => f.write_str("the platform default"),
        }
    }
}

/// The home folder: `hrpass.db`, `hrpass.toml` and `vault.key` live here.
#[derive(Debug, Clone)]
pub struct Home {
    pub dir: PathBuf,
    pub source: Source,
}

impl Home {
    pub const DB: &'static str = "hrpass.db";
    pub const CONFIG: &'static str = "hrpass.toml";
    pub const VAULT_KEY: &'static str = "vault.key";

    /// Resolves the home: the flag or `HRPASS_HOME` (already merged by clap, with its source),
    /// else the platform's data folder.
    pub fn resolve(explicit: Option<(PathBuf, Source)>) -> Result<Home> {
        if let Some((dir, source)) = explicit {
            return Ok(Home { dir, source });
        }
        let dirs = directories::ProjectDirs::from("", "", "hrpass")
            .context("cannot find a home folder for hrpass: pass --home or set HRPASS_HOME")?;
        Ok(Home {
            dir: dirs.data_dir().to_path_buf(),
            source: Source::Default,
        })
    }

    pub fn db(&self) -> PathBuf {
        self.dir.join(Self::DB)
    }

    pub fn config(&self) -> PathBuf {
        self.dir.join(Self::CONFIG)
    }

    pub fn vault_key(&self) -> PathBuf {
        self.dir.join(Self::VAULT_KEY)
    }

    pub fn is_initialised(&self) -> bool {
        self.db().is_file()
    }

    /// Refuses a home whose files are anything but regular files, before any of them is
    /// opened: opening a named pipe blocks until a writer comes (`init` hung on one), and a
    /// directory or device in the store's place would be taken for "no store yet".
    pub fn check_files(&self) -> Result<()> {
        let db = self.db().into_os_string();
        let mut wal = db.clone();
        wal.push("-wal");
        let mut shm = db.clone();
        shm.push("-shm");
        let files = [
            PathBuf::from(db),
            PathBuf::from(wal),
            PathBuf::from(shm),
            self.config(),
            self.vault_key(),
        ];
        for path in files {
            check_regular(&path)?;
        }
        Ok(())
    }
}

/// Fails when `path` exists and is not a regular file (or a link to one), naming what it is.
pub fn check_regular(path: &Path) -> Result<()> {
    use std::os::unix::fs::FileTypeExt;
    let kind = match std::fs::metadata(path) {
        Ok(meta) => meta.file_type(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(e).with_context(|| format!("cannot read {}", path.display())),
    };
    let what = if kind.is_file() {
        return Ok(());
    } else if kind.is_dir() {
        "a directory"
    } else if kind.is_fifo() {
        "a named pipe (FIFO)"
    } else if kind.is_socket() {
        "a socket"
    } else if kind.is_block_device() || kind.is_char_device() {
        "a device"
    } else {
        "not a regular file"
    };
    anyhow::bail!(
        "{} is {what}, not a file; hrpass keeps its store, config and vault key in regular \
         files: move it out of the way (or pass --home for another home). Nothing was opened",
        path.display()
    )
}

/// Creates a file that only its owner may read or write, failing if it exists.
pub fn create_private_file(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
}

/// A file written under a temporary name beside its final path, private to its owner
/// (0600), and renamed into place by `commit` after an fsync: a reader never sees half of
/// it, and a failure (a full disk, an error mid-way) leaves nothing behind.
pub struct PrivateFile {
    path: std::path::PathBuf,
    partial: std::path::PathBuf,
    file: std::fs::File,
    committed: bool,
}

impl PrivateFile {
    pub fn create(path: &Path) -> std::io::Result<PrivateFile> {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let partial = path.with_file_name(format!(".{name}.partial-{}", std::process::id()));
        let _ = std::fs::remove_file(&partial);
        let file = create_private_file(&partial)?;
        Ok(PrivateFile {
            path: path.to_owned(),
            partial,
            file,
            committed: false,
        })
    }

    /// Flushes, syncs and renames the file into place.
    pub fn commit(mut self) -> std::io::Result<()> {
        use std::io::Write;
        self.file.flush()?;
        self.file.sync_all()?;
        std::fs::rename(&self.partial, &self.path)?;
        self.committed = true;
        Ok(())
    }

    /// Like `commit`, but fails (leaving nothing) when the final path exists already: for
    /// files that must never be replaced, such as the vault key.
    pub fn commit_new(mut self) -> std::io::Result<()> {
        use std::io::Write;
        self.file.flush()?;
        self.file.sync_all()?;
        std::fs::hard_link(&self.partial, &self.path)?;
        self.committed = true;
        let _ = std::fs::remove_file(&self.partial);
        if let Some(dir) = self.path.parent() {
            std::fs::File::open(dir)?.sync_all()?;
        }
        Ok(())
    }
}

impl std::io::Write for PrivateFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.file.write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.file.flush()
    }
}

impl Drop for PrivateFile {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_file(&self.partial);
        }
    }
}
