//! One thread runs the model for every article being parsed: each parse hands it the
//! sentences it needs and waits; the thread takes everything waiting, runs it as one batch
//! (its matrix products on every core), and answers each. While a batch runs the next one
//! gathers, so an ingest with many articles in flight (see [`super::in_flight`]) runs
//! batches of dozens of articles, not one article at a time: a transformer on a CPU does
//! several times the work per second on a batch.

use std::collections::HashMap;
use std::sync::mpsc::{self, Receiver, Sender, SyncSender};
use std::sync::Arc;
use std::thread::JoinHandle;

use tickertone_model::Model;

/// Texts one batch may gather (the model cuts it into batches of similar lengths).
const GATHER: usize = 512;

type Reply = Result<Vec<f64>, String>;

struct Job {
    texts: Vec<String>,
    reply: SyncSender<Reply>,
}

/// The model's thread and the way to it.
pub struct Batcher {
    jobs: Option<Sender<Job>>,
    thread: Option<JoinHandle<()>>,
}

impl Batcher {
    pub fn start(model: Arc<Model>) -> std::io::Result<Batcher> {
        let (jobs, rx) = mpsc::channel::<Job>();
        let thread = std::thread::Builder::new()
            .name("model".into())
            .spawn(move || serve(&model, rx))?;
        Ok(Batcher {
            jobs: Some(jobs),
            thread: Some(thread),
        })
    }

    /// The scores of `texts`, run with whatever else is waiting.
    pub fn scores(&self, texts: &[&str]) -> Reply {
        if texts.is_empty() {
            return Ok(Vec::new());
        }
        let (reply, answer) = mpsc::sync_channel(1);
        let job = Job {
            texts: texts.iter().map(|t| t.to_string()).collect(),
            reply,
        };
        let stopped = || "the model's thread has stopped".to_string();
        self.jobs
            .as_ref()
            .ok_or_else(stopped)?
            .send(job)
            .map_err(|_| stopped())?;
        answer.recv().map_err(|_| stopped())?
    }
}

impl Drop for Batcher {
    fn drop(&mut self) {
        // Closing the channel ends the thread once it has answered what it holds.
        self.jobs.take();
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// The thread: waits for a job, takes every job waiting (up to [`GATHER`] texts), runs
/// their texts once each, answers each job.
fn serve(model: &Model, rx: Receiver<Job>) {
    while let Ok(first) = rx.recv() {
        let mut jobs = vec![first];
        let mut gathered = jobs[0].texts.len();
        while gathered < GATHER {
            match rx.try_recv() {
                Ok(job) => {
                    gathered += job.texts.len();
                    jobs.push(job);
                }
                Err(_) => break,
            }
        }
        // Copies of one story in the batch are run once.
        let mut place: HashMap<&str, usize> = HashMap::new();
        let mut unique: Vec<&str> = Vec::new();
        let slots: Vec<Vec<usize>> = jobs
            .iter()
            .map(|j| {
                j.texts
                    .iter()
                    .map(|t| {
                        *place.entry(t.as_str()).or_insert_with(|| {
                            unique.push(t.as_str());
                            unique.len() - 1
                        })
                    })
                    .collect()
            })
            .collect();
        let result = model.scores(&unique).map_err(|e| e.to_string());
        for (job, slot) in jobs.iter().zip(&slots) {
            let answer = match &result {
                Ok(scores) => Ok(slot.iter().map(|&i| scores[i]).collect()),
                Err(e) => Err(e.clone()),
            };
            // A parse that gave up waiting is no concern of the others'.
            let _ = job.reply.send(answer);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tiny() -> Arc<Model> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("crates/tickertone-model/tests/fixtures/tiny-bert");
        Arc::new(Model::load_dir(&dir, "tiny-bert", None).expect("the fixture loads"))
    }

    #[test]
    fn answers_are_each_callers_own_whatever_the_batch() {
        let model = tiny();
        let texts = [
            "Shares rose.",
            "Shares fell.",
            "Profit doubled.",
            "Shares rose.",
        ];
        let alone = model.scores(&texts).expect("scores");
        let batcher = Batcher::start(model).expect("the thread starts");
        std::thread::scope(|s| {
            let handles: Vec<_> = (0..8)
                .map(|i| {
                    let batcher = &batcher;
                    let mine = [texts[i % 4], texts[(i + 1) % 4]];
                    s.spawn(move || (i, batcher.scores(&mine).expect("scores")))
                })
                .collect();
            for h in handles {
                let (i, got) = h.join().expect("no panic");
                let want = [alone[i % 4], alone[(i + 1) % 4]];
                assert!(got.iter().zip(want).all(|(g, w)| (g - w).abs() < 1e-6));
            }
        });
        assert_eq!(batcher.scores(&[]).expect("nothing"), Vec::<f64>::new());
    }
}
