# Perl's ithreads, with results that do not depend on their timing.
#
# threads::shared builds lock(), cond_wait, cond_timedwait, cond_signal
# and cond_broadcast on a pthread mutex and condvar per shared variable,
# and Thread::Queue on those.  Each part prints one line whose value is
# fixed by the work alone.
use strict;
use warnings;
use threads;
use threads::shared;
use Thread::Queue;
use Time::HiRes qw(time);

# A work queue: 4 consumers, 20000 items, then end().
my $q = Thread::Queue->new();
my $sum :shared = 0;
my $items :shared = 0;
my @consumers = map {
	threads->create(sub {
		while (defined(my $v = $q->dequeue())) {
			lock($sum);
			$sum += $v;
			$items++;
		}
	});
} 1 .. 4;
$q->enqueue($_) for 1 .. 20000;
$q->end();
$_->join() for @consumers;
print "queue: $items items, sum $sum\n";

# A barrier made of cond_wait and cond_broadcast: 4 threads, 500 rounds;
# after each round every thread reads the round's total.
my $arrived :shared = 0;
my $generation :shared = 0;
my $total :shared = 0;
my @seen :shared = (0) x 4;

sub barrier {
	lock($arrived);
	my $g = $generation;
	if (++$arrived == 4) {
		$arrived = 0;
		$generation++;
		cond_broadcast($arrived);
	} else {
		cond_wait($arrived) while $generation == $g;
	}
}

my @members = map {
	my $id = $_;
	threads->create(sub {
		for my $round (1 .. 500) {
			{ lock($total); $total += $id + 1; }
			barrier();
			{ lock($total); $seen[$id] += $total; }
			barrier();
		}
	});
} 0 .. 3;
$_->join() for @members;
my $expect = 0;
$expect += 10 * $_ for 1 .. 500;
print "barrier: every thread saw every round whole: ",
    (grep({ $_ == $expect } @seen) == 4 ? "yes" : "no"), "\n";

# A hand-off with cond_signal, untimed: a lost wakeup hangs the test.
my $turn :shared = 0;
my $handoffs :shared = 0;
my @pair = map {
	my $id = $_;
	threads->create(sub {
		for (1 .. 3000) {
			lock($turn);
			cond_wait($turn) until $turn == $id;
			$turn = 1 - $id;
			$handoffs++;
			cond_signal($turn);
		}
	});
} 0 .. 1;
$_->join() for @pair;
print "hand-off: $handoffs\n";

# Timed waits that expire (nobody signals) and one that does not.
my $flag :shared = 0;
my $expired = 0;
{
	lock($flag);
	for (1 .. 5) {
		$expired++ unless cond_timedwait($flag, time() + 0.02);
	}
}
my $setter = threads->create(sub { select(undef, undef, undef, 0.05); lock($flag); $flag = 1; cond_signal($flag); });
my $got;
{
	lock($flag);
	until ($flag) {
		last unless cond_timedwait($flag, time() + 30);
	}
	$got = $flag;
}
$setter->join();
print "timed waits: $expired expired, signalled $got\n";
