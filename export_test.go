package prioritize

// SortAssessments exposes the ranking's in-place sort to the tests.
func SortAssessments(as []Assessment, workers int) {
	rankSort(as, make([]uint64, len(as)), make([]uint64, len(as)), depth(workers))
}

// RadixSort exposes the ranking's radix sort to the tests.
var RadixSort = radixSort
