// Accessors for Open MPI's predefined handles.
//
// mpi.h defines MPI_COMM_WORLD, MPI_BYTE, MPI_SUM, ... as macros that expand
// to casts of the addresses of library globals. Swift imports neither those
// macros nor the globals behind them, so each handle gets a static inline
// accessor here (ClangImporter emits the bodies; no .c file is needed). A
// `static` variable in this header would fail to link: functions only.
#ifndef HPCSIM_CMPI_SHIM_H
#define HPCSIM_CMPI_SHIM_H

#include <mpi.h>
#include <stdio.h>

// MARK: - Communicators

static inline MPI_Comm cmpi_comm_world(void) { return MPI_COMM_WORLD; }
static inline MPI_Comm cmpi_comm_self(void) { return MPI_COMM_SELF; }
static inline MPI_Comm cmpi_comm_null(void) { return MPI_COMM_NULL; }

// MARK: - Datatypes

static inline MPI_Datatype cmpi_byte(void) { return MPI_BYTE; }
static inline MPI_Datatype cmpi_double(void) { return MPI_DOUBLE; }
static inline MPI_Datatype cmpi_int32(void) { return MPI_INT32_T; }
static inline MPI_Datatype cmpi_int64(void) { return MPI_INT64_T; }
static inline MPI_Datatype cmpi_uint64(void) { return MPI_UINT64_T; }

// MARK: - Reduction operations

static inline MPI_Op cmpi_op_sum(void) { return MPI_SUM; }
static inline MPI_Op cmpi_op_max(void) { return MPI_MAX; }
static inline MPI_Op cmpi_op_min(void) { return MPI_MIN; }

// MARK: - Error handlers

static inline MPI_Errhandler cmpi_errors_return(void) {
  return MPI_ERRORS_RETURN;
}
static inline MPI_Errhandler cmpi_errors_are_fatal(void) {
  return MPI_ERRORS_ARE_FATAL;
}

// MARK: - Sentinels

static inline void *cmpi_in_place(void) { return MPI_IN_PLACE; }
static inline MPI_Status *cmpi_status_ignore(void) {
  return MPI_STATUS_IGNORE;
}
static inline MPI_Message cmpi_message_null(void) { return MPI_MESSAGE_NULL; }
static inline MPI_Message cmpi_message_no_proc(void) {
  return MPI_MESSAGE_NO_PROC;
}
static inline MPI_Request cmpi_request_null(void) { return MPI_REQUEST_NULL; }

// MARK: - Process

// Makes stdout line-buffered. Under mpirun stdout is a pipe, fully buffered,
// so output appears only at exit and is lost on MPI_Abort. (Swift 6 cannot
// touch the C global `stdout` without an unsafe annotation.)
static inline void cmpi_line_buffer_stdout(void) {
  setvbuf(stdout, NULL, _IOLBF, 0);
}

#endif  // HPCSIM_CMPI_SHIM_H
