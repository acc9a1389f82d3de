# Loaded by the Python that runs moto_server for TellOnce (TellOnce puts this folder on PYTHONPATH),
# before moto starts. Changes to moto 5.x's DynamoDB, all measured (PERFORMANCE.md, "moto"):
#
# 1. TransactWriteItems without copying the table. moto backs up every table a transaction touches
#    with copy.deepcopy(table) -- all items and every stream record -- so each transaction costs time
#    in proportion to everything ever written, and a fan-out slows down as the table grows (250
#    stories: minutes). Here every condition is checked first (the items of one transaction are
#    distinct, so no check depends on another write), and only if all pass are the writes applied;
#    should an apply still fail, the touched items alone are put back and their stream records removed.
#
# 2. One DynamoDB request at a time. moto serves requests on threads and its DynamoDB model has no
#    lock: a conditional put reads, checks and writes in three steps, and a scan iterates a dict
#    another request may be changing. DynamoDB guarantees both; the tests' races rely on it.
import bisect
import copy
import json
import os
import sys
import threading
import time

_LOCK = threading.RLock()


def _transact_write_items(self, transact_items):
    from moto.dynamodb.comparisons import get_filter_expression
    from moto.dynamodb.exceptions import (ConditionalCheckFailed, MultipleTransactionsException,
                                          TooManyTransactionsException, TransactionCanceledException,
                                          TransactWriteSingleOpException)

    if len(transact_items) > 100:
        raise TooManyTransactionsException()
    seen = set()
    planned = []
    errors = []
    for entry in transact_items:
        if len(list(entry.keys())) > 1:
            raise TransactWriteSingleOpException
        original_item = None
        try:
            op_type, op = next(iter(entry.items()))
            if op_type not in {"ConditionCheck", "Put", "Delete", "Update"}:
                raise ValueError("Unsupported transaction operation")
            table_name = op["TableName"]
            table = self.get_table(table_name)
            if op_type == "Put":
                attrs = op["Item"]
                key = {table.hash_key_attr: attrs[table.hash_key_attr]}
                if table.range_key_attr is not None:
                    key[table.range_key_attr] = attrs[table.range_key_attr]
            else:
                key = op["Key"]
            unique = (str(table_name), str(dict(sorted(key.items()))))
            if unique in seen:
                raise MultipleTransactionsException()
            seen.add(unique)
            current = self.get_item(table_name, key)
            condition = op.get("ConditionExpression")
            if condition is not None:
                check = get_filter_expression(condition, op.get("ExpressionAttributeNames"),
                                              op.get("ExpressionAttributeValues"))
                if not check.expr(current):
                    if op.get("ReturnValuesOnConditionCheckFailure") == "ALL_OLD" and current:
                        original_item = current.to_json()["Attributes"]
                    raise ConditionalCheckFailed(item=original_item)
            planned.append((op_type, op, table_name, table, key))
            errors.append((None, None, None))
        except MultipleTransactionsException:
            raise
        except ConditionalCheckFailed as e:
            errors.append(("ConditionalCheckFailed", str(e.message), original_item))
        except Exception as e:  # noqa: E722 as moto does: the reason goes into the cancellation
            if type(e).__name__ == "MockValidationException":
                raise
            errors.append((type(e).__name__, str(e), original_item))
    if any(code is not None for code, _, _ in errors):
        raise TransactionCanceledException(errors)

    # Every check passed: apply, keeping what is needed to undo just these items.
    backups = []
    stream_lengths = {}
    for op_type, op, table_name, table, key in planned:
        if table.stream_shard is not None and table_name not in stream_lengths:
            stream_lengths[table_name] = (table, len(table.stream_shard.items))
        hash_value, range_value = self.get_keys_value(table, key)
        backups.append((table, hash_value, range_value, copy.deepcopy(table.get_item(hash_value, range_value))))
    try:
        for op_type, op, table_name, table, key in planned:
            names = op.get("ExpressionAttributeNames")
            values = op.get("ExpressionAttributeValues")
            if op_type == "Put":
                self.put_item(table_name, op["Item"], expression_attribute_names=names,
                              expression_attribute_values=values)
            elif op_type == "Delete":
                self.delete_item(table_name, key, expression_attribute_names=names,
                                 expression_attribute_values=values)
            elif op_type == "Update":
                self.update_item(table_name, key, update_expression=op["UpdateExpression"],
                                 expression_attribute_names=names, expression_attribute_values=values)
    except Exception:
        for table, hash_value, range_value, previous in reversed(backups):
            _restore(table, hash_value, range_value, previous)
        for table, length in stream_lengths.values():
            del table.stream_shard.items[length:]
        raise


def _restore(table, hash_value, range_value, previous):
    _put_back(table, hash_value, range_value, previous)
    _kept_sorted(table, hash_value, range_value, previous is not None)


def _put_back(table, hash_value, range_value, previous):
    if range_value is not None:
        if previous is None:
            table.items.get(hash_value, {}).pop(range_value, None)
        else:
            table.items[hash_value][range_value] = previous
    elif previous is None:
        table.items.pop(hash_value, None)
    else:
        table.items[hash_value] = previous


# 3. A Query reads its partition, not the table. moto answers every Query by listing and sorting all
#    items of the table (and, on an index, testing each one), so a feed page or a story view costs time
#    in proportion to the table: at 100,000 stories the emulator, not the design, would set the numbers.
#    DynamoDB reads one partition. Here a base-table Query is given that partition's items, and an index
#    Query the items that carry its key value, found through a map kept as items are put or updated (a
#    superset: an item that no longer matches, or is gone, is dropped when met). moto's own code then
#    sorts, pages, filters and projects them exactly as before.
def _gsi_hash_attr(table, index_name):
    for index in table.global_indexes or []:
        if index.name == index_name:
            names = [k["AttributeName"] for k in index.schema if k["KeyType"] == "HASH"]
            return names[0] if len(names) == 1 else None
    return None


def _index(table, item):
    if item is None or not table.global_indexes:
        return
    maps = table.__dict__.setdefault("_tellonce_gsi", {})
    for index in table.global_indexes:
        names = [k["AttributeName"] for k in index.schema if k["KeyType"] == "HASH"]
        if len(names) != 1:
            continue
        value = item.attrs.get(names[0])
        if value is not None:
            # Plain values, not moto's objects (an update may change those in place).
            maps.setdefault(index.name, {}).setdefault(_order(value), {})[_key(item)] = None


def _key(item):
    return (_order(item.hash_key), None if item.range_key is None else _order(item.range_key))


def _lookup(table, key):
    from moto.dynamodb.models.dynamo_type import DynamoType
    hash_value = DynamoType({key[0][0]: _wire(key[0])})
    found = table.items.get(hash_value)
    if found is None or not table.range_key_attr:
        return found
    return found.get(DynamoType({key[1][0]: _wire(key[1])}))


def _wire(ordered):
    # Back to the value as DynamoDB's JSON carries it (numbers as strings).
    kind, value = ordered
    return str(value) if kind == "N" else value


def _partition(table, hash_key, index_name, hash_key_conditions):
    if not index_name:
        if hash_key is None or not table.range_key_attr:
            return None
        return list(table.items.get(hash_key, {}).values())
    attr = _gsi_hash_attr(table, index_name)
    conditions = dict(hash_key_conditions or [])
    if attr is None or attr not in conditions:
        return None
    value = conditions[attr]
    bucket = table.__dict__.get("_tellonce_gsi", {}).get(index_name, {}).get(_order(value), {})
    found = []
    for key in list(bucket):
        item = _lookup(table, key)
        current = None if item is None else item.attrs.get(attr)
        if current is None or _order(current) != _order(value):
            del bucket[key]
        else:
            found.append(item)
    return found


def _query(original):
    def query(self, hash_key, range_comparison, range_objs, limit, exclusive_start_key, scan_index_forward,
              projection_expressions, index_name=None, *args, **kwargs):
        candidates = None
        if not index_name:
            candidates = _window(self, hash_key, range_comparison, range_objs, limit, exclusive_start_key,
                                 scan_index_forward, kwargs)
        if candidates is None:
            candidates = _partition(self, hash_key, index_name, kwargs.get("hash_key_conditions"))
        self.__dict__["_tellonce_candidates"] = candidates
        try:
            return original(self, hash_key, range_comparison, range_objs, limit, exclusive_start_key,
                            scan_index_forward, projection_expressions, index_name, *args, **kwargs)
        finally:
            self.__dict__["_tellonce_candidates"] = None
    return query


# 5. A base-table Query reads from its position, as DynamoDB does. Even given only its partition, moto
#    lists, sorts and walks the partition's items before it applies the range-key condition, the start
#    key and the limit: the first 50 entries of a 100,000-entry feed partition cost about a second.
#    Here each partition's range keys are kept sorted (kept up to date as items are put and deleted;
#    rebuilt if the partition was replaced or its size differs), and the Query is handed only the
#    items moto's loop would reach: from the first one matching the condition after the start key
#    (found by bisection), in the Query's direction, up to the limit and one more (which is what makes
#    moto return LastEvaluatedKey). The items moto would skip before that add nothing to a page, its
#    size or its counts. When fewer than the limit match, everything after them in the Query's
#    direction is handed over too, as moto would walk it (its 1 MB page limit counts item sizes there).
#    moto's own code then sorts, pages, filters and projects them as before.
_OPS = {"=": "EQ", "EQ": "EQ", "<": "LT", "LT": "LT", "<=": "LE", "LE": "LE", ">": "GT", "GT": "GT",
        ">=": "GE", "GE": "GE", "BETWEEN": "BETWEEN", "BEGINS_WITH": "BEGINS_WITH", "begins_with": "BEGINS_WITH"}


def _sorted_keys(table, hash_key, partition):
    caches = table.__dict__.setdefault("_tellonce_sorted", {})
    entry = caches.get(_order(hash_key))
    if entry is None or entry[0] is not partition or len(entry[1]) != len(partition):
        keys = sorted(partition.keys(), key=_order)
        entry = (partition, keys, [_order(k) for k in keys])
        caches[_order(hash_key)] = entry
    return entry[1], entry[2]


def _kept_sorted(table, hash_value, range_value, present):
    # An item was put (present) or deleted: its partition's sorted keys, if kept, follow.
    entry = table.__dict__.get("_tellonce_sorted", {}).get(_order(hash_value))
    if entry is None or range_value is None:
        return
    partition, keys, orders = entry
    if table.items.get(hash_value) is not partition:
        del table.__dict__["_tellonce_sorted"][_order(hash_value)]
        return
    order = _order(range_value)
    i = bisect.bisect_left(orders, order)
    found = i < len(orders) and orders[i] == order
    if present and not found:
        keys.insert(i, range_value)
        orders.insert(i, order)
    elif not present and found:
        del keys[i]
        del orders[i]


def _window(table, hash_key, comparison, objs, limit, start_key, forward, extra):
    if hash_key is None or not table.range_key_attr or set(extra) - {"hash_key_conditions",
                                                                     "range_key_conditions"}:
        return None
    conditions = extra.get("range_key_conditions") or []
    if len(conditions) > 1 or (conditions and conditions[0][0] != table.range_key_attr):
        return None
    if limit is not None and (not isinstance(limit, int) or limit < 1):
        return None
    partition = table.items.get(hash_key)
    if not partition:
        return []
    keys, orders = _sorted_keys(table, hash_key, partition)
    kind = orders[0][0]
    n = len(orders)
    lo, hi = 0, n  # keys[lo:hi] are exactly the ones matching the range-key condition
    if comparison:
        op = _OPS.get(comparison)
        values = [_order(v) for v in objs]
        if op is None or any(v[0] != kind for v in values) or len(values) != (2 if op == "BETWEEN" else 1):
            return None
        if op == "EQ":
            lo, hi = bisect.bisect_left(orders, values[0]), bisect.bisect_right(orders, values[0])
        elif op == "LT":
            hi = bisect.bisect_left(orders, values[0])
        elif op == "LE":
            hi = bisect.bisect_right(orders, values[0])
        elif op == "GT":
            lo = bisect.bisect_right(orders, values[0])
        elif op == "GE":
            lo = bisect.bisect_left(orders, values[0])
        elif op == "BETWEEN":
            lo, hi = bisect.bisect_left(orders, values[0]), bisect.bisect_right(orders, values[1])
            hi = max(lo, hi)
        elif op == "BEGINS_WITH":
            if kind != "S":
                return None
            prefix = values[0][1]
            lo = hi = bisect.bisect_left(orders, values[0])
            while hi < n and orders[hi][1].startswith(prefix):
                hi += 1
    if start_key:
        hash_attr, range_attr = table.hash_key_attr, table.range_key_attr
        if hash_attr not in start_key or range_attr not in start_key:
            return None
        from moto.dynamodb.models.dynamo_type import DynamoType
        if _order(DynamoType(start_key[hash_attr])) != _order(hash_key):
            return None
        after = _order(DynamoType(start_key[range_attr]))
        if after[0] != kind:
            return None
    if forward is not False:
        first = bisect.bisect_right(orders, after) if start_key else 0
        begin = max(lo, first)
        end = max(hi, begin)
        if limit is not None and end - begin > limit:
            chosen = keys[begin:begin + limit + 1]
        else:
            chosen = keys[begin:]
    else:
        last = bisect.bisect_left(orders, after) if start_key else n
        end = min(hi, last)
        begin = min(lo, end)
        if limit is not None and end - begin > limit:
            chosen = keys[end - limit - 1:end]
        else:
            chosen = keys[:end]
    found = [partition.get(k) for k in chosen]
    if any(item is None for item in found):
        # An item left by a way not followed here (moto adds items only through put_item, followed):
        # sort the partition again next time, and read it all now.
        table.__dict__["_tellonce_sorted"].pop(_order(hash_key), None)
        return None
    return found


def _all_items(original):
    def all_items(self):
        candidates = self.__dict__.get("_tellonce_candidates")
        if candidates is not None:
            return sorted(candidates, key=lambda x: (x.hash_key, x.range_key) if x.range_key else x.hash_key)
        scan_from = self.__dict__.get("_tellonce_scan_from")
        if scan_from is not None:
            return _items_from(self, scan_from)
        return original(self)
    return all_items


def _order(value):
    # DynamoType's own order (same type: its value), with the comparisons done in C.
    return (value.type, value.cast_value)


def _items_from(table, start):
    from moto.dynamodb.models.dynamo_type import DynamoType
    hashes = sorted(table.items.keys(), key=_order)
    first = 0
    if start is not _FROM_THE_START:
        begin = _order(DynamoType(start[table.hash_key_attr]))
        first = bisect.bisect_left([_order(h) for h in hashes], begin)
    for hash_value in hashes[first:]:
        partition = table.items.get(hash_value)
        if partition is None:
            continue
        for item in sorted(partition.values(), key=lambda i: _order(i.range_key)):
            yield item


# 4. A Scan page reads from where the last one stopped. moto lists and sorts the whole table for every
#    page and walks it up to the start key, so reading a table page by page (the export) costs time in
#    proportion to the square of its size. Here the items are handed over lazily from the start key's
#    partition on; moto's own code skips, pages, filters and projects as before.
_FROM_THE_START = object()


def _scan(original):
    def scan(self, filters, limit, exclusive_start_key, filter_expression=None, index_name=None, *args, **kwargs):
        if index_name or not self.range_key_attr or kwargs.get("segments", (None, None)) != (None, None):
            return original(self, filters, limit, exclusive_start_key, filter_expression, index_name, *args,
                            **kwargs)
        self.__dict__["_tellonce_scan_from"] = exclusive_start_key or _FROM_THE_START
        try:
            return original(self, filters, limit, exclusive_start_key, filter_expression, index_name, *args,
                            **kwargs)
        finally:
            self.__dict__["_tellonce_scan_from"] = None
    return scan


def _indexed_put(original):
    def put_item(self, *args, **kwargs):
        item = original(self, *args, **kwargs)
        _index(self, item)
        if item is not None:
            _kept_sorted(self, item.hash_key, item.range_key, True)
        return item
    return put_item


def _sorted_delete(original):
    def delete_item(self, hash_value, range_value, *args, **kwargs):
        item = original(self, hash_value, range_value, *args, **kwargs)
        _kept_sorted(self, hash_value, range_value, False)
        return item
    return delete_item


def _indexed_update(original):
    def update_item(self, table_name, key, *args, **kwargs):
        item = original(self, table_name, key, *args, **kwargs)
        table = self.get_table(table_name)
        _index(table, item)
        return item
    return update_item


# 6. GetRecords answers from JSON made once per stream record. moto 5.2 builds every answer through its
#    model-driven serialiser, which walks the service model for every attribute of every image: about
#    0.7 ms a record, paid again by each of the four functions reading the stream. Measured with the
#    profile below (tellonce bench, 100 partners): 842 of the 1,276 ms moto was busy per story went to
#    GetRecords. Each record's JSON (the record as moto made it, the time as epoch seconds, as the
#    serialiser writes it) is now made at its first read and reused.
def _record_json(record):
    cached = getattr(record, "_tellonce_json", None)
    if cached is None:
        body = dict(record.to_json())
        dynamodb = dict(body["dynamodb"])
        created = dynamodb.get("ApproximateCreationDateTime")
        if hasattr(created, "timestamp"):
            if created.tzinfo is None:
                import datetime
                created = created.replace(tzinfo=datetime.timezone.utc)
            # Whole seconds, as DynamoDB Streams gives it.
            dynamodb["ApproximateCreationDateTime"] = int(created.timestamp())
        body["dynamodb"] = dynamodb
        cached = json.dumps(body, separators=(",", ":"))
        record._tellonce_json = cached
    return cached


def _get_records(self):
    from moto.dynamodbstreams.models import ShardIterator
    limit = self._get_param("Limit")
    if limit is None:
        limit = 1000
    iterator = self.backend.shard_iterators[self._get_param("ShardIterator")]
    shard = iterator.stream_shard
    start = iterator.sequence_number - shard.starting_sequence_number
    records = shard.items[start:start + limit]
    if records:
        last = max(int(r.to_json()["dynamodb"]["SequenceNumber"]) for r in records)
        following = ShardIterator(self.backend, shard, "AFTER_SEQUENCE_NUMBER", last)
    else:
        following = ShardIterator(self.backend, shard, "AT_SEQUENCE_NUMBER", iterator.sequence_number)
    self.backend.shard_iterators[following.arn] = following
    return ('{"NextShardIterator":' + json.dumps(following.arn) + ',"Records":['
            + ",".join(_record_json(r) for r in records) + "]}")


# With TELLONCE_MOTO_PROFILE=FILE, the time each DynamoDB (and Streams) action held moto, waited for it,
# and the bytes it answered, by action, totalled since the start and written to FILE as JSON every
# 250 ms (tellonce bench reads it around its fan-out rows: where moto's time goes).
_PROFILE_PATH = os.environ.get("TELLONCE_MOTO_PROFILE")
_PROFILE = {}
_PROFILE_LOCK = threading.Lock()


def _profiled(self, call_action):
    started = time.perf_counter()
    with _LOCK:
        got = time.perf_counter()
        answer = None
        try:
            answer = call_action(self)
            return answer
        finally:
            done = time.perf_counter()
            target = (self.headers.get("X-Amz-Target") or "?") if getattr(self, "headers", None) else "?"
            action = target.split(".")[-1]
            body = answer[2] if isinstance(answer, tuple) and len(answer) == 3 else answer
            size = len(body) if isinstance(body, (str, bytes)) else 0
            with _PROFILE_LOCK:
                row = _PROFILE.setdefault(action, [0, 0.0, 0.0, 0])
                row[0] += 1
                row[1] += done - got
                row[2] += got - started
                row[3] += size


def _write_profile():
    while True:
        time.sleep(0.25)
        with _PROFILE_LOCK:
            rows = {k: {"count": v[0], "heldSeconds": v[1], "waitedSeconds": v[2], "bytes": v[3]}
                    for k, v in _PROFILE.items()}
        temporary = _PROFILE_PATH + ".tmp"
        with open(temporary, "w") as out:
            json.dump(rows, out)
        os.replace(temporary, _PROFILE_PATH)


def _serialised(call_action):
    def call(self):
        if _PROFILE_PATH:
            return _profiled(self, call_action)
        with _LOCK:
            return call_action(self)
    return call


def _patch():
    from moto.dynamodb.models import DynamoDBBackend
    from moto.dynamodb.responses import DynamoHandler
    from moto.dynamodbstreams.responses import DynamoDBStreamsHandler

    DynamoDBBackend.transact_write_items = _transact_write_items
    from moto.dynamodb.models.table import Table
    Table.query = _query(Table.query)
    Table.all_items = _all_items(Table.all_items)
    Table.scan = _scan(Table.scan)
    Table.put_item = _indexed_put(Table.put_item)
    Table.delete_item = _sorted_delete(Table.delete_item)
    DynamoDBBackend.update_item = _indexed_update(DynamoDBBackend.update_item)
    DynamoHandler.call_action = _serialised(DynamoHandler.call_action)
    DynamoDBStreamsHandler.call_action = _serialised(DynamoDBStreamsHandler.call_action)
    DynamoDBStreamsHandler.get_records = _get_records
    if _PROFILE_PATH:
        threading.Thread(target=_write_profile, name="tellonce-profile", daemon=True).start()
    print("tellonce: moto's DynamoDB patched (transactions without table copies; one request at a time; "
          "a query reads its partition, from its position; a scan page starts at its key; "
          "stream records serialised once)",
          file=sys.stderr, flush=True)


try:
    _patch()
except Exception as problem:  # moto still runs, as it comes; TellOnce says so
    print("tellonce: moto's DynamoDB could not be patched: %s" % problem, file=sys.stderr, flush=True)
