//! Reading a CSV file's rows straight from its bytes, for the readers that
//! skip the csv crate when a file is plain (see [`super::Layout`]).

use std::fs::File;
use std::io::Read;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::Receiver;

/// A line longer than this is not a row of any table.
pub const MAX_LINE_BYTES: usize = 1 << 16;

/// Cuts a file into blocks of whole lines: the part of a line after a
/// block's last line end waits for the next block.
pub struct WholeLines {
    carry: Vec<u8>,
    block_bytes: usize,
}

impl WholeLines {
    /// Reads `block_bytes` at a time.
    pub fn new(block_bytes: usize) -> WholeLines {
        WholeLines {
            carry: Vec::new(),
            block_bytes,
        }
    }

    /// Fills `block` with the next whole lines and returns the bytes read
    /// from `file`; at the end (0 read) `block` holds what is left, a last
    /// line without a line end. `block` is empty when more must be read
    /// first. None when the file cannot be read or a line is absurdly long.
    pub fn next_block(&mut self, file: &mut File, block: &mut Vec<u8>) -> Option<usize> {
        block.clear();
        block.append(&mut self.carry);
        let start = block.len();
        block.resize(start + self.block_bytes, 0);
        let read = fill(file, &mut block[start..])?;
        block.truncate(start + read);
        if read == 0 {
            return Some(0);
        }
        match memchr::memrchr(b'\n', block) {
            Some(end) => {
                self.carry.extend_from_slice(&block[end + 1..]);
                block.truncate(end + 1);
            }
            None if block.len() > MAX_LINE_BYTES => return None,
            None => std::mem::swap(&mut self.carry, block),
        }
        Some(read)
    }
}

/// Reads the file's remaining bytes as blocks of whole lines, `block_bytes`
/// at a time, for the threads that check them: each block goes into a
/// buffer they handed back through `returned`, or a new one while fewer
/// than `max_buffers` are out (then it waits for one), and non-empty blocks
/// go to `send` with the bytes read so far. Stops at the file's end; None
/// when the file cannot be read, a line is absurdly long, `gave_up` is set,
/// `send` refuses a block, or no buffer comes back.
pub fn feed_blocks(
    file: &mut File,
    block_bytes: usize,
    max_buffers: usize,
    returned: &Receiver<Vec<u8>>,
    gave_up: &AtomicBool,
    mut send: impl FnMut(Vec<u8>, u64) -> bool,
) -> Option<()> {
    let mut lines = WholeLines::new(block_bytes);
    let (mut buffers, mut total) = (0, 0u64);
    loop {
        if gave_up.load(Ordering::Relaxed) {
            return None;
        }
        let mut block = match returned.try_recv() {
            Ok(block) => block,
            Err(_) if buffers < max_buffers => {
                buffers += 1;
                Vec::with_capacity(block_bytes + MAX_LINE_BYTES)
            }
            Err(_) => returned.recv().ok()?,
        };
        let read = lines.next_block(file, &mut block)?;
        total += read as u64;
        if !block.is_empty() && !send(block, total) {
            return None;
        }
        if read == 0 {
            return Some(());
        }
    }
}

/// Reads until `buffer` is full or the file ends; the bytes read.
fn fill(file: &mut File, buffer: &mut [u8]) -> Option<usize> {
    let mut filled = 0;
    while filled < buffer.len() {
        match file.read(&mut buffer[filled..]) {
            Ok(0) => break,
            Ok(read) => filled += read,
            Err(error) if error.kind() == std::io::ErrorKind::Interrupted => {}
            Err(_) => return None,
        }
    }
    Some(filled)
}
