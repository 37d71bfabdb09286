/* pthread_mutexattr_*: defaults, every setter's round trip, EINVAL for
 * values outside the allowed set (which must leave the attribute as it
 * was), and that a mutex made from the attribute has what was asked. */
#include "unit.h"

TestSuite(mutexattr, .timeout = 20);

static pthread_mutexattr_t fresh(void)
{
	pthread_mutexattr_t a;
	cr_assert_eq(pthread_mutexattr_init(&a), 0);
	return a;
}

Test(mutexattr, defaults_are_normal_private_stalled_no_protocol)
{
	pthread_mutexattr_t a = fresh();
	int v = -1;
	cr_assert_eq(pthread_mutexattr_gettype(&a, &v), 0);
	cr_assert_eq(v, PTHREAD_MUTEX_DEFAULT);
	cr_assert_eq(pthread_mutexattr_getpshared(&a, &v), 0);
	cr_assert_eq(v, PTHREAD_PROCESS_PRIVATE);
	cr_assert_eq(pthread_mutexattr_getrobust(&a, &v), 0);
	cr_assert_eq(v, PTHREAD_MUTEX_STALLED);
	cr_assert_eq(pthread_mutexattr_getprotocol(&a, &v), 0);
	cr_assert_eq(v, PTHREAD_PRIO_NONE);
	cr_assert_eq(pthread_mutexattr_getprioceiling(&a, &v), 0);
	cr_assert_eq(v, sched_get_priority_min(SCHED_FIFO));
	cr_assert_eq(pthread_mutexattr_destroy(&a), 0);
}

Test(mutexattr, settype_round_trips_every_type)
{
	pthread_mutexattr_t a = fresh();
	static const int types[] = { PTHREAD_MUTEX_NORMAL,
				     PTHREAD_MUTEX_RECURSIVE,
				     PTHREAD_MUTEX_ERRORCHECK,
				     PTHREAD_MUTEX_ADAPTIVE_NP,
				     PTHREAD_MUTEX_DEFAULT };
	for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
		int v = -1;
		cr_assert_eq(pthread_mutexattr_settype(&a, types[i]), 0);
		cr_assert_eq(pthread_mutexattr_gettype(&a, &v), 0);
		cr_assert_eq(v, types[i]);
	}
}

Test(mutexattr, settype_rejects_unknown_types)
{
	pthread_mutexattr_t a = fresh();
	int v = -1;
	cr_assert_eq(pthread_mutexattr_settype(&a, PTHREAD_MUTEX_ERRORCHECK), 0);
	cr_assert_eq(pthread_mutexattr_settype(&a, -1), EINVAL);
	cr_assert_eq(pthread_mutexattr_settype(&a, 4), EINVAL);
	cr_assert_eq(pthread_mutexattr_settype(&a, 0x10), EINVAL);
	cr_assert_eq(pthread_mutexattr_gettype(&a, &v), 0);
	cr_assert_eq(v, PTHREAD_MUTEX_ERRORCHECK, "a refused value changed it");
}

Test(mutexattr, setpshared_round_trips_and_rejects_others)
{
	pthread_mutexattr_t a = fresh();
	int v = -1;
	cr_assert_eq(pthread_mutexattr_setpshared(&a, PTHREAD_PROCESS_SHARED), 0);
	cr_assert_eq(pthread_mutexattr_getpshared(&a, &v), 0);
	cr_assert_eq(v, PTHREAD_PROCESS_SHARED);
	cr_assert_eq(pthread_mutexattr_setpshared(&a, 2), EINVAL);
	cr_assert_eq(pthread_mutexattr_setpshared(&a, -1), EINVAL);
	cr_assert_eq(pthread_mutexattr_getpshared(&a, &v), 0);
	cr_assert_eq(v, PTHREAD_PROCESS_SHARED);
	cr_assert_eq(pthread_mutexattr_setpshared(&a, PTHREAD_PROCESS_PRIVATE), 0);
	cr_assert_eq(pthread_mutexattr_getpshared(&a, &v), 0);
	cr_assert_eq(v, PTHREAD_PROCESS_PRIVATE);
}

Test(mutexattr, setrobust_round_trips_and_rejects_others)
{
	pthread_mutexattr_t a = fresh();
	int v = -1;
	cr_assert_eq(pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST), 0);
	cr_assert_eq(pthread_mutexattr_getrobust(&a, &v), 0);
	cr_assert_eq(v, PTHREAD_MUTEX_ROBUST);
	cr_assert_eq(pthread_mutexattr_setrobust(&a, 2), EINVAL);
	cr_assert_eq(pthread_mutexattr_setrobust(&a, -1), EINVAL);
	cr_assert_eq(pthread_mutexattr_getrobust(&a, &v), 0);
	cr_assert_eq(v, PTHREAD_MUTEX_ROBUST);
	cr_assert_eq(pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_STALLED), 0);
	cr_assert_eq(pthread_mutexattr_getrobust(&a, &v), 0);
	cr_assert_eq(v, PTHREAD_MUTEX_STALLED);
}

Test(mutexattr, setprotocol_round_trips_and_rejects_others)
{
	pthread_mutexattr_t a = fresh();
	static const int protos[] = { PTHREAD_PRIO_INHERIT, PTHREAD_PRIO_PROTECT,
				      PTHREAD_PRIO_NONE };
	for (size_t i = 0; i < sizeof protos / sizeof protos[0]; i++) {
		int v = -1;
		cr_assert_eq(pthread_mutexattr_setprotocol(&a, protos[i]), 0);
		cr_assert_eq(pthread_mutexattr_getprotocol(&a, &v), 0);
		cr_assert_eq(v, protos[i]);
	}
	int v = -1;
	cr_assert_eq(pthread_mutexattr_setprotocol(&a, PTHREAD_PRIO_INHERIT), 0);
	cr_assert_eq(pthread_mutexattr_setprotocol(&a, 3), EINVAL);
	cr_assert_eq(pthread_mutexattr_setprotocol(&a, -1), EINVAL);
	cr_assert_eq(pthread_mutexattr_getprotocol(&a, &v), 0);
	cr_assert_eq(v, PTHREAD_PRIO_INHERIT);
}

Test(mutexattr, setprioceiling_round_trips_and_rejects_out_of_range)
{
	pthread_mutexattr_t a = fresh();
	int lo = sched_get_priority_min(SCHED_FIFO);
	int hi = sched_get_priority_max(SCHED_FIFO);
	int v = -1;
	cr_assert_eq(pthread_mutexattr_setprioceiling(&a, hi), 0);
	cr_assert_eq(pthread_mutexattr_getprioceiling(&a, &v), 0);
	cr_assert_eq(v, hi);
	cr_assert_eq(pthread_mutexattr_setprioceiling(&a, lo), 0);
	cr_assert_eq(pthread_mutexattr_getprioceiling(&a, &v), 0);
	cr_assert_eq(v, lo);
	cr_assert_eq(pthread_mutexattr_setprioceiling(&a, 42), 0);
	cr_assert_eq(pthread_mutexattr_setprioceiling(&a, lo - 1), EINVAL);
	cr_assert_eq(pthread_mutexattr_setprioceiling(&a, hi + 1), EINVAL);
	cr_assert_eq(pthread_mutexattr_setprioceiling(&a, -1000), EINVAL);
	cr_assert_eq(pthread_mutexattr_getprioceiling(&a, &v), 0);
	cr_assert_eq(v, 42);
}

/* Setters touch only their own attribute. */
Test(mutexattr, setters_are_independent)
{
	pthread_mutexattr_t a = fresh();
	cr_assert_eq(pthread_mutexattr_settype(&a, PTHREAD_MUTEX_RECURSIVE), 0);
	cr_assert_eq(pthread_mutexattr_setpshared(&a, PTHREAD_PROCESS_SHARED), 0);
	cr_assert_eq(pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST), 0);
	cr_assert_eq(pthread_mutexattr_setprotocol(&a, PTHREAD_PRIO_PROTECT), 0);
	cr_assert_eq(pthread_mutexattr_setprioceiling(&a, 33), 0);
	int type, pshared, robust, proto, ceiling;
	pthread_mutexattr_gettype(&a, &type);
	pthread_mutexattr_getpshared(&a, &pshared);
	pthread_mutexattr_getrobust(&a, &robust);
	pthread_mutexattr_getprotocol(&a, &proto);
	pthread_mutexattr_getprioceiling(&a, &ceiling);
	cr_assert_eq(type, PTHREAD_MUTEX_RECURSIVE);
	cr_assert_eq(pshared, PTHREAD_PROCESS_SHARED);
	cr_assert_eq(robust, PTHREAD_MUTEX_ROBUST);
	cr_assert_eq(proto, PTHREAD_PRIO_PROTECT);
	cr_assert_eq(ceiling, 33);
}

/* The mutex made from an attribute carries each choice. */
Test(mutexattr, mutex_made_from_attr_behaves_as_configured)
{
	pthread_mutexattr_t a = fresh();
	pthread_mutex_t m;
	cr_assert_eq(pthread_mutexattr_settype(&a, PTHREAD_MUTEX_ERRORCHECK), 0);
	cr_assert_eq(pthread_mutexattr_setprotocol(&a, PTHREAD_PRIO_PROTECT), 0);
	cr_assert_eq(pthread_mutexattr_setprioceiling(&a, 7), 0);
	cr_assert_eq(pthread_mutex_init(&m, &a), 0);
	cr_assert_eq(pthread_mutexattr_destroy(&a), 0);
	int c = -1;
	cr_assert_eq(pthread_mutex_getprioceiling(&m, &c), 0);
	cr_assert_eq(c, 7);
	cr_assert_eq(pthread_mutex_lock(&m), 0);
	cr_assert_eq(pthread_mutex_lock(&m), EDEADLK);
	cr_assert_eq(pthread_mutex_unlock(&m), 0);
	cr_assert_eq(pthread_mutex_unlock(&m), EPERM);
}

/* A ceiling set while the protocol is not PROTECT is not a ceiling. */
Test(mutexattr, ceiling_without_prio_protect_makes_no_ceiling_mutex)
{
	pthread_mutexattr_t a = fresh();
	pthread_mutex_t m;
	cr_assert_eq(pthread_mutexattr_setprioceiling(&a, 7), 0);
	cr_assert_eq(pthread_mutex_init(&m, &a), 0);
	int c = -1;
	cr_assert_eq(pthread_mutex_getprioceiling(&m, &c), EINVAL);
	cr_assert_eq(pthread_mutex_lock(&m), 0);
	cr_assert_eq(pthread_mutex_unlock(&m), 0);
}
