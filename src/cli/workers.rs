//! The threads a command lints on: a pool, or the calling thread alone when one thread is
//! all the work can use, so that a one-file run (an editor, a hook) starts no thread at all.

use std::thread::{Scope, ScopedJoinHandle};

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

    /// [`Workers::map`], left to the pool while the calling thread goes on (with the calling
    /// thread alone, done at once): a pipeline lints one batch while the caller reports the
    /// one before.
    pub fn map_in_background<'scope, 'env, T, R>(
        &'env self,
        scope: &'scope Scope<'scope, 'env>,
        items: Vec<T>,
        work: impl Fn(T) -> R + Sync + Send + 'scope,
    ) -> Pending<'scope, R>
    where
        T: Send + 'scope,
        R: Send + 'scope,
    {
        match self {
            Workers::Here => Pending::Ready(self.map(items, work)),
            Workers::Pool(_) => Pending::Running(scope.spawn(move || self.map(items, work))),
        }
    }
}

/// Results of [`Workers::map_in_background`].
pub enum Pending<'scope, R> {
    Ready(Vec<R>),
    Running(ScopedJoinHandle<'scope, Vec<R>>),
}

impl<R> Pending<'_, R> {
    /// The results, once they are all in.
    pub fn wait(self) -> Vec<R> {
        match self {
            Pending::Ready(results) => results,
            Pending::Running(handle) => {
                handle.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            }
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
            let pending = std::thread::scope(|scope| {
                let first = workers.map_in_background(scope, items.clone(), |n| n * n);
                let second = workers.map_in_background(scope, items.clone(), |n| n + 1);
                (first.wait(), second.wait())
            });
            assert_eq!(pending.0, squares);
            assert_eq!(pending.1, items.iter().map(|n| n + 1).collect::<Vec<_>>());
        }
    }
}
