//! The threads a command lints on: a pool, or the calling thread alone when one thread is
//! all the work can use, so that a one-file run (an editor, a hook) starts no thread at all.

use rayon::prelude::*;

pub enum Workers {
    Here,
    Pool(rayon::ThreadPool),
}

impl Workers {
    /// `threads` threads: the calling thread for one, a pool for more.
    pub fn new(threads: usize) -> std::io::Result<Self> {
        if threads <= 1 {
            return Ok(Workers::Here);
        }
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .map_err(std::io::Error::other)?;
        Ok(Workers::Pool(pool))
    }

    pub fn threads(&self) -> usize {
        match self {
            Workers::Here => 1,
            Workers::Pool(pool) => pool.current_num_threads(),
        }
    }

    /// `work` applied to every item, the results in the items' order.
    pub fn map<T, R>(&self, items: Vec<T>, work: impl Fn(T) -> R + Sync + Send) -> Vec<R>
    where
        T: Send,
        R: Send,
    {
        match self {
            Workers::Here => items.into_iter().map(work).collect(),
            Workers::Pool(pool) => pool.install(|| items.into_par_iter().map(work).collect()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_keep_the_order_of_the_items_whatever_the_thread_count() {
        let items: Vec<u64> = (0..1000).collect();
        let squares: Vec<u64> = items.iter().map(|n| n * n).collect();
        for threads in [1, 2, 3] {
            let workers = Workers::new(threads).unwrap();
            assert_eq!(workers.threads(), threads);
            assert_eq!(workers.map(items.clone(), |n| n * n), squares);
        }
    }
}
