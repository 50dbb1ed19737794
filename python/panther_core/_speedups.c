/*
 * The hot path of panther_core's immutable event views, in C.
 *
 * Detections call `event.get(key)` dozens of times per event; as a Python method that call costs
 * about as much as the rule's own work. This base type answers lookups straight from the dicts:
 * the key as stored or in another ASCII case, scalars, and nested dicts and lists as cached views.
 * What it cannot settle (non-ASCII keys, unhashable keys, views before the classes are
 * registered) goes to the Python methods `_get_slow` and `_getitem_slow`, which hold the
 * semantics. Without a compiler the package runs the pure-Python class instead, with the same
 * behaviour.
 *
 * Built by `npm run build` (scripts/build-python-speedups.js) for the interpreter in use.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <structmember.h>

typedef struct {
    PyObject_HEAD
    PyObject *data;    /* the plain dict underneath */
    PyObject *lower;   /* lower-cased key -> stored key, built on the first miss */
    PyObject *wrapped; /* key -> view of a nested dict or list, built on first access */
} ViewBase;

static PyObject *get_slow_name;
static PyObject *getitem_slow_name;
/* The Python classes nested dicts and lists are viewed as, set once by panther_core.immutable. */
static PyObject *dict_view_type;
static PyObject *list_view_type;

static int view_traverse(ViewBase *self, visitproc visit, void *arg) {
    Py_VISIT(self->data);
    Py_VISIT(self->lower);
    Py_VISIT(self->wrapped);
    Py_VISIT(Py_TYPE(self));
    return 0;
}

static int view_clear(ViewBase *self) {
    Py_CLEAR(self->data);
    Py_CLEAR(self->lower);
    Py_CLEAR(self->wrapped);
    return 0;
}

static void view_dealloc(ViewBase *self) {
    PyTypeObject *type = Py_TYPE(self);
    PyObject_GC_UnTrack(self);
    view_clear(self);
    type->tp_free((PyObject *)self);
    Py_DECREF(type);
}

/*
 * A new view of a nested dict or list (new reference), or NULL with no error set when the
 * classes are not registered yet (the Python method then builds it).
 */
static PyObject *make_view(PyObject *value) {
    if (PyList_CheckExact(value)) {
        return list_view_type == NULL ? NULL : PyObject_CallOneArg(list_view_type, value);
    }
    if (dict_view_type == NULL) return NULL;
    PyTypeObject *type = (PyTypeObject *)dict_view_type;
    ViewBase *view = (ViewBase *)type->tp_alloc(type, 0);
    if (view == NULL) return NULL;
    Py_INCREF(value);
    view->data = value;
    return (PyObject *)view;
}

enum { FOUND, ABSENT, ASK_PYTHON, FAILED };

/*
 * The stored key matching `key` in any case, as Python's `_real_key` finds it: the first key in
 * insertion order equal to it lower-cased (a borrowed reference). ASCII only: a non-ASCII key
 * (whose lower-casing may land on an ASCII one) sends the lookup to Python.
 */
static int find_any_case(PyObject *data, PyObject *key, PyObject **real, PyObject **value) {
    if (!PyUnicode_CheckExact(key) || !PyUnicode_IS_ASCII(key)) return ASK_PYTHON;
    Py_ssize_t length = PyUnicode_GET_LENGTH(key);
    const Py_UCS1 *wanted = PyUnicode_1BYTE_DATA(key);
    Py_ssize_t pos = 0;
    PyObject *k, *v;
    while (PyDict_Next(data, &pos, &k, &v)) {
        if (!PyUnicode_Check(k)) continue;
        if (!PyUnicode_IS_ASCII(k)) return ASK_PYTHON;
        if (PyUnicode_GET_LENGTH(k) != length) continue;
        const Py_UCS1 *have = PyUnicode_1BYTE_DATA(k);
        Py_ssize_t i = 0;
        while (i < length && Py_TOLOWER(have[i]) == Py_TOLOWER(wanted[i])) i++;
        if (i == length) {
            *real = k;
            *value = v;
            return FOUND;
        }
    }
    return ABSENT;
}

/*
 * Looks `key` up as the Python methods would: FOUND with a new reference in `*out`, ABSENT,
 * ASK_PYTHON when only the Python method can decide, or FAILED with an error set.
 */
static int fast_lookup(ViewBase *self, PyObject *key, PyObject **out) {
    if (self->data == NULL || !PyDict_CheckExact(self->data)) return ASK_PYTHON;
    PyObject *value = PyDict_GetItemWithError(self->data, key); /* borrowed */
    if (value == NULL) {
        if (PyErr_Occurred()) {
            /* An unhashable key raises TypeError: the Python method turns it into a miss. */
            if (!PyErr_ExceptionMatches(PyExc_TypeError)) return FAILED;
            PyErr_Clear();
            return ASK_PYTHON;
        }
        int found = find_any_case(self->data, key, &key, &value);
        if (found != FOUND) return found;
    }
    if (!PyDict_CheckExact(value) && !PyList_CheckExact(value)) {
        Py_INCREF(value);
        *out = value;
        return FOUND;
    }
    /* Nested views are cached under the stored key; Python code resets the cache to None. */
    PyObject *cache = self->wrapped == Py_None ? NULL : self->wrapped;
    if (cache != NULL && !PyDict_CheckExact(cache)) return ASK_PYTHON;
    if (cache != NULL) {
        PyObject *view = PyDict_GetItemWithError(cache, key); /* borrowed */
        if (view != NULL) {
            Py_INCREF(view);
            *out = view;
            return FOUND;
        }
        if (PyErr_Occurred()) return FAILED;
    }
    PyObject *view = make_view(value);
    if (view == NULL) return PyErr_Occurred() ? FAILED : ASK_PYTHON;
    if (cache == NULL) {
        if ((cache = PyDict_New()) == NULL) {
            Py_DECREF(view);
            return FAILED;
        }
        Py_XSETREF(self->wrapped, cache);
    }
    if (PyDict_SetItem(cache, key, view) < 0) {
        Py_DECREF(view);
        return FAILED;
    }
    *out = view;
    return FOUND;
}

static PyObject *view_get(ViewBase *self, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs < 1 || nargs > 2) {
        PyErr_Format(PyExc_TypeError, "get expected 1 or 2 arguments, got %zd", nargs);
        return NULL;
    }
    PyObject *fallback = nargs == 2 ? args[1] : Py_None;
    PyObject *found = NULL;
    switch (fast_lookup(self, args[0], &found)) {
        case FOUND:
            return found;
        case ABSENT:
            Py_INCREF(fallback);
            return fallback;
        case FAILED:
            return NULL;
        default:
            return PyObject_CallMethodObjArgs((PyObject *)self, get_slow_name, args[0], fallback,
                                              NULL);
    }
}

static PyObject *view_subscript(ViewBase *self, PyObject *key) {
    PyObject *found = NULL;
    switch (fast_lookup(self, key, &found)) {
        case FOUND:
            return found;
        case ABSENT:
            PyErr_SetObject(PyExc_KeyError, key); /* key is a str here */
            return NULL;
        case FAILED:
            return NULL;
        default:
            return PyObject_CallMethodObjArgs((PyObject *)self, getitem_slow_name, key, NULL);
    }
}

static PyObject *view_new(PyTypeObject *type, PyObject *args, PyObject *kwargs) {
    (void)args;
    (void)kwargs;
    return type->tp_alloc(type, 0);
}

static PyObject *register_views(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    (void)module;
    if (nargs != 2 || !PyType_Check(args[0]) || !PyType_Check(args[1])) {
        PyErr_SetString(PyExc_TypeError, "register_views(dict_view_class, list_view_class)");
        return NULL;
    }
    Py_INCREF(args[0]);
    Py_XSETREF(dict_view_type, args[0]);
    Py_INCREF(args[1]);
    Py_XSETREF(list_view_type, args[1]);
    Py_RETURN_NONE;
}

static PyMethodDef module_methods[] = {
    {"register_views", (PyCFunction)(void (*)(void))register_views, METH_FASTCALL,
     "register_views(dict_view_class, list_view_class): the classes nested values get."},
    {NULL, NULL, 0, NULL},
};

static PyMethodDef view_methods[] = {
    {"get", (PyCFunction)(void (*)(void))view_get, METH_FASTCALL,
     "get(key, default=None): the value under key in any case, else default."},
    {NULL, NULL, 0, NULL},
};

static PyMemberDef view_members[] = {
    {"_data", T_OBJECT, offsetof(ViewBase, data), 0, NULL},
    {"_lower", T_OBJECT, offsetof(ViewBase, lower), 0, NULL},
    {"_wrapped", T_OBJECT, offsetof(ViewBase, wrapped), 0, NULL},
    {NULL, 0, 0, 0, NULL},
};

static PyType_Slot view_slots[] = {
    {Py_tp_dealloc, view_dealloc},
    {Py_tp_traverse, view_traverse},
    {Py_tp_clear, view_clear},
    {Py_tp_new, view_new},
    {Py_tp_methods, view_methods},
    {Py_tp_members, view_members},
    {Py_mp_subscript, view_subscript},
    {Py_tp_doc, "Fast lookups for ImmutableCaseInsensitiveDict; see panther_core.immutable."},
    {0, NULL},
};

static PyType_Spec view_spec = {
    .name = "panther_core._speedups.ViewBase",
    .basicsize = sizeof(ViewBase),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC,
    .slots = view_slots,
};

static int speedups_exec(PyObject *module) {
    get_slow_name = PyUnicode_InternFromString("_get_slow");
    getitem_slow_name = PyUnicode_InternFromString("_getitem_slow");
    if (get_slow_name == NULL || getitem_slow_name == NULL) return -1;
    PyObject *type = PyType_FromSpec(&view_spec);
    if (type == NULL) return -1;
    if (PyModule_AddObject(module, "ViewBase", type) < 0) {
        Py_DECREF(type);
        return -1;
    }
    return 0;
}

static PyModuleDef_Slot speedups_slots[] = {
    {Py_mod_exec, speedups_exec},
    {0, NULL},
};

static struct PyModuleDef speedups_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "panther_core._speedups",
    .m_doc = "C fast path of panther_core.immutable.",
    .m_size = 0,
    .m_methods = module_methods,
    .m_slots = speedups_slots,
};

PyMODINIT_FUNC PyInit__speedups(void) { return PyModuleDef_Init(&speedups_module); }
